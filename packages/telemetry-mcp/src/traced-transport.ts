import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import { currentSpan, isTelemetryActive } from '@zeph/telemetry-core';
import { MCP_ATTRIBUTES } from './spans.js';
import { injectTraceContext } from './trace-context-meta.js';

/**
 * Wraps an MCP transport: every outgoing request and notification carries the active trace
 * context in `params._meta`, and the span that sent a request gets its `jsonrpc.request.id`.
 * Seeing each message at the transport is the one place where the SDK's request ids are known.
 */
export class TracedTransport implements Transport {
  private negotiatedVersion: string | undefined;

  constructor(readonly inner: Transport) {}

  get protocolVersion(): string | undefined {
    return this.negotiatedVersion;
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  get onclose(): Transport['onclose'] {
    return this.inner.onclose;
  }
  set onclose(handler: Transport['onclose']) {
    this.inner.onclose = handler;
  }
  get onerror(): Transport['onerror'] {
    return this.inner.onerror;
  }
  set onerror(handler: Transport['onerror']) {
    this.inner.onerror = handler;
  }
  get onmessage(): Transport['onmessage'] {
    return this.inner.onmessage;
  }
  set onmessage(handler: (<T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void) | undefined) {
    this.inner.onmessage = handler;
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  setProtocolVersion(version: string): void {
    this.negotiatedVersion = version;
    this.inner.setProtocolVersion?.(version);
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (!isTelemetryActive() || !('method' in message)) return this.inner.send(message, options);
    let outgoing: JSONRPCMessage = message;
    try {
      const params = (message.params ?? {}) as Record<string, unknown>;
      const meta = injectTraceContext({ ...(params._meta as Record<string, unknown> | undefined) });
      if ('id' in message) currentSpan().setAttribute(MCP_ATTRIBUTES.jsonrpcRequestId, String(message.id));
      outgoing = { ...message, params: { ...params, _meta: meta } } as JSONRPCMessage;
    } catch {
      // Telemetry must never stop a message from going out: send it as it was.
    }
    return this.inner.send(outgoing, options);
  }
}

export function traceTransport(transport: Transport): Transport {
  return new TracedTransport(transport);
}
