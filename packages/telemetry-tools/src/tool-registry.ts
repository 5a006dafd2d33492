import { withSpan } from '@zeph/telemetry-core';
import { TOOL_ATTRIBUTES, TOOL_ERROR_TYPES, TOOL_SPANS } from './spans.js';
import { parseToolArguments } from './tool-arguments.js';
import { ToolError } from './tool-errors.js';
import { toolSpanAttributes } from './tool-span-attributes.js';
import type { OpenAIToolDefinition, ToolCall, ToolCallContext, ToolCallResult, ToolDefinition, ToolRegistryOptions } from './types.js';

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function outputText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/**
 * The tools an agent may call. Hands their descriptions to an LLM (OpenAI tool format) and runs
 * the calls it returns: `tool.execute` per batch, `tool.execute_call` per call, results of
 * idempotent tools memoised through the cache, every call appended to the audit log.
 */
export class ToolRegistry {
  private readonly tools = new Map<string, ToolDefinition>();

  constructor(private readonly options: ToolRegistryOptions = {}) {}

  register(tool: ToolDefinition<any, any>): this {
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(tool.name)) {
      throw new Error(`tool name "${tool.name}" must be 1-64 characters of letters, digits, _ or -`);
    }
    if (this.tools.has(tool.name)) throw new Error(`a tool named "${tool.name}" is already registered`);
    this.tools.set(tool.name, tool);
    return this;
  }

  unregister(name: string): boolean {
    return this.tools.delete(name);
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  names(): string[] {
    return [...this.tools.keys()];
  }

  /** Tool descriptions in the shape of OpenAI Chat Completions `tools`. */
  openAiTools(): OpenAIToolDefinition[] {
    return [...this.tools.values()].map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
  }

  /** Runs one call in a `tool.execute_call` span. Never throws: failures become results with ok=false. */
  executeCall(call: ToolCall, signal?: AbortSignal): Promise<ToolCallResult> {
    const context: ToolCallContext = { callId: call.id, toolName: call.name, signal };
    return withSpan(
      TOOL_SPANS.executeCall,
      async (span) => {
        const started = performance.now();
        let args: Record<string, unknown> = {};
        let cached = false;
        try {
          const tool = this.tools.get(call.name);
          if (!tool) throw new ToolError(`no tool named "${call.name}" (known: ${this.names().join(', ') || 'none'})`, TOOL_ERROR_TYPES.unknownTool);
          args = parseToolArguments(tool.name, tool.parameters, call.arguments);
          let value: unknown;
          if (tool.idempotent && this.options.cache) {
            const outcome = await this.options.cache.getOrCompute(tool.name, args, () => tool.execute(args, context));
            value = outcome.value;
            cached = outcome.hit;
          } else {
            value = await tool.execute(args, context);
          }
          span.setAttribute(TOOL_ATTRIBUTES.cacheHit, cached);
          this.audit(call, args, true, started, cached);
          return { callId: call.id, name: call.name, ok: true, output: outputText(value), value, cached };
        } catch (error) {
          span.recordError(error);
          const message = errorMessage(error);
          this.audit(call, args, false, started, cached, message);
          return { callId: call.id, name: call.name, ok: false, output: `error: ${message}`, error: message, cached };
        }
      },
      toolSpanAttributes(context),
    );
  }

  /** Runs a batch of calls (concurrently unless `sequential`) in one `tool.execute` span. */
  execute(calls: readonly ToolCall[], options: { sequential?: boolean; signal?: AbortSignal } = {}): Promise<ToolCallResult[]> {
    return withSpan(
      TOOL_SPANS.execute,
      async () => {
        if (!options.sequential) return Promise.all(calls.map((call) => this.executeCall(call, options.signal)));
        const results: ToolCallResult[] = [];
        for (const call of calls) results.push(await this.executeCall(call, options.signal));
        return results;
      },
      { [TOOL_ATTRIBUTES.batchSize]: calls.length },
    );
  }

  private audit(call: ToolCall, args: Record<string, unknown>, ok: boolean, started: number, cached: boolean, error?: string): void {
    const auditLog = this.options.auditLog;
    if (!auditLog) return;
    try {
      auditLog.record({
        tool: call.name,
        callId: call.id,
        arguments: args,
        ok,
        cached,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        ...(error !== undefined ? { error } : {}),
      });
    } catch {
      // The audit log must never fail a tool call.
    }
  }
}

export function createToolRegistry(options?: ToolRegistryOptions): ToolRegistry {
  return new ToolRegistry(options);
}
