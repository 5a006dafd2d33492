import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { isTelemetryActive, withSpan, type Attributes, type ZephSpan } from '@zeph/telemetry-core';
import { InstrumentedMcpClient } from './instrumented-mcp-client.js';
import { MCP_ATTRIBUTES, MCP_CLIENT_SPAN, MCP_METHODS, MCP_NETWORK_TRANSPORT, MCP_SPANS } from './spans.js';
import type { McpClientIdentity, McpStdioOptions, McpUrlOptions, Transport, TransportDecorator } from './types.js';

const DEFAULT_CLIENT_NAME = 'zeph-agent';

async function connectThrough(
  span: ZephSpan,
  transport: Transport,
  networkTransport: 'pipe' | 'tcp',
  identity: McpClientIdentity,
  describe: string,
  hideSecrets: (text: string) => string = (text) => text,
): Promise<InstrumentedMcpClient> {
  const client = new Client({ name: identity.name ?? DEFAULT_CLIENT_NAME, version: identity.version ?? '0.1.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    await transport.close().catch(() => {});
    const detail = hideSecrets((error as Error).message);
    // The SDK's message may quote the URL with its credentials, so the original error is not kept as cause.
    throw new Error(`could not connect to MCP server ${describe}: ${detail}`);
  }
  const connected = new InstrumentedMcpClient(client, transport, networkTransport);
  if (span.isRecording) {
    const server = client.getServerVersion();
    if (server?.name) span.setAttribute(MCP_ATTRIBUTES.serverName, server.name);
    if (server?.version) span.setAttribute(MCP_ATTRIBUTES.serverVersion, server.version);
    if (connected.protocolVersion) span.setAttribute(MCP_ATTRIBUTES.protocolVersion, connected.protocolVersion);
    if (connected.sessionId) span.setAttribute(MCP_ATTRIBUTES.sessionId, connected.sessionId);
  }
  return connected;
}

/** Connect functions bound to a transport decorator (trace context in the profiling build, none otherwise). */
export function createMcpConnectors(decorate: TransportDecorator) {
  /** Spawns an MCP server and talks to it over stdio, in an mcp.connect span. */
  function connectMcpStdio(options: McpStdioOptions): Promise<InstrumentedMcpClient> {
    const attributes: Attributes | undefined = isTelemetryActive()
      ? { [MCP_ATTRIBUTES.networkTransport]: MCP_NETWORK_TRANSPORT.pipe, [MCP_ATTRIBUTES.methodName]: MCP_METHODS.initialize }
      : undefined;
    return withSpan(
      MCP_SPANS.connect,
      (span) => {
        const transport = decorate(
          new StdioClientTransport({
            command: options.command,
            args: options.args,
            env: options.env ? { ...getDefaultEnvironment(), ...options.env } : undefined,
            cwd: options.cwd,
            stderr: options.stderr ?? 'inherit',
          }),
          'pipe',
        );
        return connectThrough(span, transport, 'pipe', options, `"${options.command}"`);
      },
      attributes,
      MCP_CLIENT_SPAN,
    );
  }

  /** Connects to an MCP server over Streamable HTTP, in an mcp.connect_url span. */
  function connectMcpUrl(url: string | URL, options: McpUrlOptions = {}): Promise<InstrumentedMcpClient> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return Promise.reject(new Error(`MCP server URL "${String(url)}" is not a valid URL`));
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return Promise.reject(new Error(`MCP server URL "${parsed.origin}${parsed.pathname}" must be http: or https:, got ${parsed.protocol}`));
    }
    const attributes: Attributes | undefined = isTelemetryActive()
      ? {
          [MCP_ATTRIBUTES.networkTransport]: MCP_NETWORK_TRANSPORT.tcp,
          [MCP_ATTRIBUTES.networkProtocolName]: 'http',
          [MCP_ATTRIBUTES.methodName]: MCP_METHODS.initialize,
          [MCP_ATTRIBUTES.serverAddress]: parsed.hostname,
          [MCP_ATTRIBUTES.serverPort]: Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80)),
        }
      : undefined;
    return withSpan(
      MCP_SPANS.connectUrl,
      (span) => {
        const transport = decorate(
          new StreamableHTTPClientTransport(parsed, options.headers ? { requestInit: { headers: options.headers } } : undefined),
          'tcp',
        );
        // Credentials and query strings stay out of error messages.
        return connectThrough(span, transport, 'tcp', options, `at ${parsed.origin}${parsed.pathname}`, (text) => hideUrlSecrets(text, parsed));
      },
      attributes,
      MCP_CLIENT_SPAN,
    );
  }

  return { connectMcpStdio, connectMcpUrl };
}


/** Removes a URL's credentials and query string wherever an error message quotes them. */
function hideUrlSecrets(text: string, url: URL): string {
  let out = text.split(url.href).join(`${url.origin}${url.pathname}`);
  // A short user name ("user") is not worth mangling every word it appears in; tokens are longer.
  for (const secret of [url.password, url.username.length >= 8 ? url.username : '', url.search]) if (secret) out = out.split(secret).join('[REDACTED]');
  return out;
}
