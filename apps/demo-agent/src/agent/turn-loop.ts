import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { AGENT_SPANS, isTelemetryActive, withConversation, withSpan } from '@zeph/telemetry-core';
import type { ToolCallResult } from '@zeph/telemetry-tools';
import { assembleContext, type AssembledContext } from '../memory-context/assemble-context.js';
import { rememberExchange } from '../memory-context/demo-memory.js';
import { AGENT_ATTRIBUTES as A, AGENT_GEN_AI } from './agent-attributes.js';
import { executePlan, planGoal } from './plan-execute.js';
import { prescreenMessage, type PrescreenResult } from './security-prescreen.js';
import { exchangeWithModel, type Exchange } from './tool-loop.js';
import { timed, type TurnCallOptions, type TurnDependencies } from './turn-dependencies.js';


export interface TurnOptions extends TurnCallOptions {
  index: number;
}

export interface TurnResult {
  reply: string;
  prescreen: PrescreenResult;
  toolResults: ToolCallResult[];
  llmCalls: number;
  context: AssembledContext;
  /** Steps carried out when the message asked for a plan ("Plan: ..."). */
  planSteps?: number;
}

/**
 * One agent turn: agent.turn > security prescreen, context preparation (memory recall, code and
 * skill match), the model call with its tool loop (or, for "Plan: ...", agent.plan_execute), then
 * persisting the exchange and learning from how it went. Tool failures and denials go back to the
 * model; the turn goes on.
 */
export function runTurn(deps: TurnDependencies, userMessage: string, options: TurnOptions): Promise<TurnResult> {
  // The session is the conversation: the turn and the model calls in it carry its id.
  return timed(deps, 'turn', () => withConversation(deps.memory.sessionId, () => turnInSpan(deps, userMessage, options)));
}

function turnAttributes(deps: TurnDependencies, options: TurnOptions) {
  if (!isTelemetryActive()) return undefined;
  return {
    [A.turnIndex]: options.index,
    [A.genAiOperationName]: AGENT_GEN_AI.invokeAgent,
    [A.genAiAgentName]: AGENT_GEN_AI.agentName,
    [A.genAiConversationId]: deps.memory.sessionId,
  };
}

function prepareContext(deps: TurnDependencies, userMessage: string): Promise<AssembledContext> {
  return timed(deps, 'contextPreparation', () =>
    withSpan(AGENT_SPANS.prepareContext, async (span) => {
      const assembled = await assembleContext(deps.memory, userMessage);
      if (span.isRecording) span.setAttribute(A.contextChars, assembled.systemPrompt.length);
      return assembled;
    }),
  );
}

function turnInSpan(deps: TurnDependencies, userMessage: string, options: TurnOptions): Promise<TurnResult> {
  return withSpan(
    AGENT_SPANS.turn,
    async (turnSpan) => {
      const prescreen = prescreenMessage(userMessage);
      const context = await prepareContext(deps, userMessage);
      const lessons = deps.learning?.promptSection();
      const systemPrompt = lessons ? `${context.systemPrompt}\n\n${lessons}` : context.systemPrompt;
      const history = deps.history?.messages() ?? [];
      // Same wire shape; the tools package types parameters as a JSON-Schema subset, the SDK as a record.
      const tools = deps.tools.openAiTools() as unknown as ChatCompletionTool[];
      const goal = planGoal(userMessage);
      let exchange: Exchange;
      if (goal) {
        exchange = await executePlan(deps, goal, { systemPrompt, history }, tools, options);
      } else {
        const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: systemPrompt }, ...history, { role: 'user', content: userMessage }];
        exchange = await exchangeWithModel(deps, messages, tools, options);
      }
      const reply = exchange.answer.text || '(no answer)';
      await withSpan(AGENT_SPANS.persistMessage, async (span) => {
        await timed(deps, 'memory', () => rememberExchange(deps.memory, userMessage, reply));
        if (span.isRecording) span.setAttribute(A.persistedMessages, 2);
      });
      deps.history?.add('user', userMessage);
      deps.history?.add('assistant', reply);
      deps.provenance?.recordTurn({ context: systemPrompt, prompt: userMessage, output: reply });
      deps.learning?.learn({ skills: context.skills.map((m) => m.skill.name), tools: exchange.tools });
      if (turnSpan.isRecording) {
        turnSpan.setAttributes({ [A.userChars]: userMessage.length, [A.replyChars]: reply.length, [A.llmCalls]: exchange.llmCalls, [A.streamed]: !!options.stream });
      }
      return {
        reply,
        prescreen,
        toolResults: exchange.tools.map((t) => t.result),
        llmCalls: exchange.llmCalls,
        context,
        planSteps: exchange.planSteps,
      };
    },
    turnAttributes(deps, options),
  );
}
