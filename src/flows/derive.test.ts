import { describe, expect, it } from 'vitest';
import { flows, getFlow } from './index.ts';
import {
  LABEL_LINE_LENGTH,
  MERMAID_LINE_BREAK,
  escapeMermaidText,
  findStepAction,
  stepAnchor,
  toMermaid,
  unescapeMermaidText,
  walkthroughSteps,
  wrapLabel,
} from './derive.ts';
import { clientCredentials, WRONG_CLIENT_SECRET } from './client-credentials.ts';

/** Whitespace-free form of a text, so a wrapped label compares equal to the original. */
const squash = (text: string) => text.replace(/\s+/g, '');

/** The text a Mermaid message line will show, back in plain characters. */
function shownText(messageText: string): string {
  return unescapeMermaidText(messageText.split(MERMAID_LINE_BREAK).join(' '));
}

const MESSAGE_LINE = /^ {2}([A-Za-z][A-Za-z0-9_]*)(->>|-->>)([A-Za-z][A-Za-z0-9_]*): (.+)$/;
const PARTICIPANT_LINE = /^ {2}(actor|participant) ([A-Za-z][A-Za-z0-9_]*) as (.+)$/;

describe('flow registry', () => {
  it('lists every flow in reading order', () => {
    expect(flows.map((f) => f.slug)).toEqual([
      'authorization-code',
      'pkce',
      'native-app',
      'refresh-token',
      'device-code',
      'client-credentials',
      'revocation',
      'openid-connect',
      'par',
      'dpop',
      'mcp-authorization',
      'implicit',
    ]);
  });

  it('finds each flow by its slug and rejects unknown ones', () => {
    for (const flow of flows) expect(getFlow(flow.slug)).toBe(flow);
    expect(() => getFlow('password')).toThrow(/Unknown flow "password"/);
  });
});

describe.each(flows.map((flow) => [flow.slug, flow] as const))('flow %s', (_slug, flow) => {
  const participantIds = flow.participants.map((p) => p.id);

  it('has 8 to 20 steps with unique, stable kebab-case ids', () => {
    expect(flow.steps.length).toBeGreaterThanOrEqual(8);
    // Flows that chain discovery, registration and a code flow (MCP authorization) need up to 20 messages.
    expect(flow.steps.length).toBeLessThanOrEqual(20);
    const ids = flow.steps.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('declares unique participants with Mermaid-safe ids', () => {
    expect(new Set(participantIds).size).toBe(participantIds.length);
    for (const id of participantIds) expect(id).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
  });

  it('only sends steps between declared participants; a check stays with its performer', () => {
    for (const step of flow.steps) {
      expect(participantIds, `${step.id}.from`).toContain(step.from);
      expect(participantIds, `${step.id}.to`).toContain(step.to);
      if (step.kind === 'check') expect(step.to, step.id).toBe(step.from);
      else expect(step.to, step.id).not.toBe(step.from);
    }
  });

  it('teaches one sentence per step and cites an RFC or OpenID Connect Core section', () => {
    for (const step of flow.steps) {
      expect(step.teaches, step.id).toMatch(/^[A-Z].*[.]$/);
      expect(step.teaches.slice(0, -1), step.id).not.toMatch(/[.!?] [A-Z]/);
      expect(step.rfc, step.id).toMatch(/^(RFC \d{4}|OIDC Core) §\d+(\.\d+)*$/);
    }
  });

  it('derives walk-through steps in definition order with unique, valid anchors', () => {
    const steps = walkthroughSteps(flow);
    expect(steps.map((s) => s.id)).toEqual(flow.steps.map((s) => s.id));
    steps.forEach((step, index) => {
      const source = flow.steps[index]!;
      expect(step).toEqual({
        id: source.id,
        index,
        number: index + 1,
        label: source.label,
        kind: source.kind,
        from: source.from,
        to: source.to,
        teaches: source.teaches,
        rfc: source.rfc,
        channel: source.channel,
        anchor: `step-${source.id}`,
      });
      expect(step.anchor).toBe(stepAnchor(source));
      expect(step.anchor).toMatch(/^step-[a-z0-9]+(-[a-z0-9]+)*$/);
    });
    expect(new Set(steps.map((s) => s.anchor)).size).toBe(steps.length);
  });

  it('derives a Mermaid diagram with the participants in order and one message per step', () => {
    const lines = toMermaid(flow).trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual(['sequenceDiagram', '  autonumber']);

    const participantLines = lines.slice(2, 2 + flow.participants.length);
    participantLines.forEach((line, i) => {
      const p = flow.participants[i]!;
      const match = PARTICIPANT_LINE.exec(line);
      expect(match, line).not.toBeNull();
      expect(match![1]).toBe(p.kind === 'person' ? 'actor' : 'participant');
      expect(match![2]).toBe(p.id);
      expect(shownText(match![3]!)).toBe(p.label);
    });

    const messageLines = lines.slice(2 + flow.participants.length);
    expect(messageLines).toHaveLength(flow.steps.length);
    messageLines.forEach((line, i) => {
      const step = flow.steps[i]!;
      const match = MESSAGE_LINE.exec(line);
      expect(match, line).not.toBeNull();
      const [, from, arrow, to, text] = match!;
      expect(from).toBe(step.from);
      expect(to).toBe(step.kind === 'check' ? step.from : step.to);
      expect(arrow).toBe(step.kind === 'response' ? '-->>' : '->>');
      expect(squash(shownText(text!))).toBe(squash(step.label));
      // Nothing Mermaid would read as syntax is left raw in the text.
      const withoutEntities = text!.split(MERMAID_LINE_BREAK).join('').replace(/#(?:[a-z]+|\d+);/g, '');
      expect(withoutEntities).not.toMatch(/[;#{}<>"%]/);
    });
  });
});

describe('Mermaid text escaping', () => {
  it('writes statement ends, comments, entities and HTML as entity codes and reads them back', () => {
    const nasty = '200 { "a": 1 }; #frag & <b>50%</b>';
    const escaped = escapeMermaidText(nasty);
    expect(escaped).toBe('200 #123; #quot;a#quot;: 1 #125;#59; #35;frag #amp; #lt;b#gt;50#37;#lt;/b#gt;');
    expect(unescapeMermaidText(escaped)).toBe(nasty);
  });
});

describe('label wrapping', () => {
  it('keeps short labels on one line', () => {
    expect(wrapLabel('Login and consent page')).toEqual(['Login and consent page']);
  });

  it('breaks at spaces and before query parameters, never losing a character', () => {
    const label = 'GET /oauth/authorize?client_id=native-app&redirect_uri=http://127.0.0.1:<port>/…';
    const lines = wrapLabel(label);
    expect(lines).toEqual(['GET /oauth/authorize', '?client_id=native-app', '&redirect_uri=http://127.0.0.1:<port>/…']);
    expect(squash(lines.join(''))).toBe(squash(label));
  });

  it('keeps a lone closing bracket with the line before it', () => {
    expect(wrapLabel('200 { device_code, user_code, verification_uri, interval }', 26)).toEqual([
      '200 { device_code,',
      'user_code,',
      'verification_uri, interval }',
    ]);
  });

  it('keeps lines within the limit unless one word is longer', () => {
    for (const flow of flows) {
      for (const step of flow.steps) {
        for (const line of wrapLabel(step.label)) {
          const withoutCloser = line.replace(/( [\])}…])+$/, '');
          if (withoutCloser.length > LABEL_LINE_LENGTH) expect(withoutCloser.slice(1), step.id).not.toMatch(/[ ?&]/);
        }
      }
    }
  });
});

describe('findStepAction', () => {
  it('finds a learner action by id with the step that offers it, and refuses an unknown id', () => {
    expect(findStepAction(clientCredentials, WRONG_CLIENT_SECRET.id)).toEqual({ step: clientCredentials.steps[0], action: WRONG_CLIENT_SECRET });
    expect(() => findStepAction(clientCredentials, 'wrong-secrte')).toThrow(/no learner action "wrong-secrte"/);
  });
});
