// The openai and anthropic SDKs return an APIPromise: a promise of the parsed body that also offers
// withResponse(), asResponse() and, used by their own helpers (parse, stream), _thenUnwrap(). The
// wrapped methods return a promise with the same extras so those helpers keep working.

export interface WithResponse<T> {
  data: T;
  response: Response;
  request_id?: string | null;
}

export type SdkCallPromise<T> = Promise<T> & {
  withResponse(): Promise<WithResponse<T>>;
  /** The raw response; its body has already been read unless the call streams. */
  asResponse(): Promise<Response>;
  _thenUnwrap<U>(transform: (data: T, props: WithResponse<T>) => U): SdkCallPromise<U>;
};

export function sdkCallPromise<T>(run: Promise<WithResponse<T>>): SdkCallPromise<T> {
  // A caller that only uses withResponse() must not see an unhandled rejection from the data branch.
  run.catch(() => {});
  const data = run.then((result) => result.data) as SdkCallPromise<T>;
  data.withResponse = () => run;
  data.asResponse = () => run.then((result) => result.response);
  data._thenUnwrap = <U>(transform: (value: T, props: WithResponse<T>) => U): SdkCallPromise<U> =>
    sdkCallPromise<U>(run.then((result): WithResponse<U> => ({ ...result, data: transform(result.data, result) })));
  return data;
}

/** Anything with an APIPromise-like withResponse(). */
export interface ApiPromiseLike<T> {
  withResponse(): Promise<WithResponse<T>>;
}
