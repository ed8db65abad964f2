import type { ExplanationView, Segment, ViewRef } from '../../../server/src/protocol/view';
import { h, type Child } from './dom';

/**
 * Segments as DOM: text as text, references as links. In the editor a link is a button that reveals the place;
 * in a static report it is the place written out (`policies/web.yaml:12:5`).
 */
export function renderSegments(segments: readonly Segment[], reveal: ((ref: ViewRef) => void) | undefined): Child[] {
  return segments.map((segment) => {
    if (typeof segment === 'string') return segment;
    return refLink(segment.text, segment.ref, reveal);
  });
}

export function refLink(text: string, ref: ViewRef, reveal: ((ref: ViewRef) => void) | undefined): HTMLElement {
  if (!reveal) return h('span', { className: 'ref static', title: ref.label }, h('code', {}, text), ` (${ref.label})`);
  const button = h('button', { type: 'button', className: 'ref link', title: `Go to ${ref.label}`, 'data-ref': ref.label }, h('code', {}, text));
  button.addEventListener('click', () => reveal(ref));
  return button;
}

/** One or more explanations of a cell (one per protocol for a port on any protocol). */
export function renderExplanations(explanations: readonly ExplanationView[], reveal: ((ref: ViewRef) => void) | undefined): HTMLElement {
  const container = h('div', { className: 'explanations' });
  for (const explanation of explanations) {
    const verdictClass = explanation.allowed ? 'verdict allowed' : 'verdict denied';
    const section = h(
      'section',
      { className: 'explanation', 'aria-label': `${explanation.from} to ${explanation.to} ${explanation.query}` },
      // One explanation is the chosen cell's, named above it; several (one per protocol) are told apart.
      explanations.length > 1
        ? h(
            'h3',
            {},
            h('span', { className: 'endpoint-key' }, explanation.from),
            ' → ',
            h('span', { className: 'endpoint-key' }, explanation.to),
            ` ${explanation.query}`,
          )
        : null,
      h('p', { className: verdictClass, 'data-verdict': explanation.allowed ? 'allowed' : 'denied' }, explanation.verdict),
    );
    for (const side of explanation.sides) {
      const list = h('ul', { className: 'rules' }, ...side.lines.map((line) => h('li', {}, ...renderSegments(line, reveal))));
      section.appendChild(
        h(
          'div',
          { className: `side ${side.allowed ? 'allowed' : 'denied'}` },
          h('h4', {}, side.title, ': ', h('span', { className: 'side-verdict' }, side.allowed ? 'allows' : 'denies')),
          h('p', { className: 'side-summary' }, ...renderSegments(side.summary, reveal)),
          side.lines.length > 0 ? list : null,
        ),
      );
    }
    container.appendChild(section);
  }
  return container;
}
