import { TOOL_ERROR_TYPES } from './spans.js';
import { ToolError } from './tool-errors.js';
import type { JsonSchemaProperty, ToolParameters } from './types.js';

function typeMatches(schema: JsonSchemaProperty, value: unknown): boolean {
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
  }
}

/**
 * Parses (when given the raw JSON string of an LLM tool call) and checks arguments against the
 * tool's parameter description. Errors name the tool and the argument.
 */
export function parseToolArguments(toolName: string, parameters: ToolParameters, raw: Record<string, unknown> | string): Record<string, unknown> {
  let args: unknown = raw;
  if (typeof raw === 'string') {
    try {
      args = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch (error) {
      throw new ToolError(`arguments of tool "${toolName}" are not valid JSON: ${(error as Error).message}`, TOOL_ERROR_TYPES.invalidArguments);
    }
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    throw new ToolError(`arguments of tool "${toolName}" must be a JSON object`, TOOL_ERROR_TYPES.invalidArguments);
  }
  const record = args as Record<string, unknown>;
  for (const name of parameters.required ?? []) {
    if (record[name] === undefined) throw new ToolError(`tool "${toolName}" is missing required argument "${name}"`, TOOL_ERROR_TYPES.invalidArguments);
  }
  for (const [name, value] of Object.entries(record)) {
    const schema = parameters.properties[name];
    if (!schema) {
      if (parameters.additionalProperties === false) {
        throw new ToolError(`tool "${toolName}" has no argument "${name}" (known: ${Object.keys(parameters.properties).join(', ')})`, TOOL_ERROR_TYPES.invalidArguments);
      }
      continue;
    }
    if (value === undefined) continue;
    if (!typeMatches(schema, value)) {
      throw new ToolError(`argument "${name}" of tool "${toolName}" must be of type ${schema.type}, got ${JSON.stringify(value)?.slice(0, 60)}`, TOOL_ERROR_TYPES.invalidArguments);
    }
    if (schema.enum && !schema.enum.includes(value as string | number)) {
      throw new ToolError(`argument "${name}" of tool "${toolName}" must be one of ${schema.enum.join(', ')}, got ${JSON.stringify(value)}`, TOOL_ERROR_TYPES.invalidArguments);
    }
    if (schema.type === 'array' && schema.items && !(value as unknown[]).every((item) => typeMatches(schema.items!, item))) {
      throw new ToolError(`argument "${name}" of tool "${toolName}" must be an array of ${schema.items.type}`, TOOL_ERROR_TYPES.invalidArguments);
    }
  }
  return record;
}
