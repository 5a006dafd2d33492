// Error shapes shared by the SDK wrappers and the REST clients.

/** A non-2xx answer from a provider's HTTP API (Ollama, Gemini). `code` becomes the span's error.type. */
export class LlmHttpError extends Error {
  override readonly name = 'LlmHttpError';
  readonly code: string;
  constructor(
    readonly status: number,
    readonly url: string,
    readonly headers: Headers,
    detail: string,
  ) {
    super(`${url} answered HTTP ${status}${detail ? `: ${detail}` : ''}`);
    this.code = String(status);
  }
}

/** A 2xx answer whose body is not what the wire format promises. */
export class LlmResponseFormatError extends Error {
  override readonly name = 'LlmResponseFormatError';
}

/** HTTP status carried by an SDK error (openai, anthropic) or by LlmHttpError. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** True for cancellations asked for by the caller (AbortSignal), as opposed to failures. */
export function isAbortError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'APIUserAbortError';
}

/** The most specific name of an error: SDK error classes often leave `name` as plain "Error". */
function specificName(error: Error): string {
  if (error.name && error.name !== 'Error') return error.name;
  const constructorName = (error.constructor as { name?: unknown } | undefined)?.name;
  return typeof constructorName === 'string' && constructorName ? constructorName : 'Error';
}

/**
 * Low-cardinality error class for error.type, the same on spans and metrics: the HTTP status
 * ("429", "503") when there is one, else the error's code, else its most specific class name.
 */
export function errorTypeOf(error: unknown): string {
  const status = httpStatusOf(error);
  if (status !== undefined) return String(status);
  const code = (error as { code?: unknown } | null)?.code;
  if ((typeof code === 'string' && code) || typeof code === 'number') return String(code);
  return error instanceof Error ? specificName(error) : 'Error';
}

/**
 * What a span records for a failure: the original message and stack under the error's specific
 * name, with `code` set to errorTypeOf so core's markSpanError writes that as error.type.
 * The caller still receives the original error.
 */
export function describeError(error: unknown): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const described = new Error(original.message);
  described.name = specificName(original);
  described.stack = original.stack;
  (described as Error & { code: string }).code = errorTypeOf(error);
  return described;
}

/** Reads a header from a fetch Headers object or a plain record (SDK errors carry either). */
export function headerOf(error: unknown, name: string): string | undefined {
  const headers = (error as { headers?: unknown } | null)?.headers;
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
