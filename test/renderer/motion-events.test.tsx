import { act } from 'react';
import { createRoot } from 'react-dom/client';
import {
  keepUnheardMotionEventsFromReact,
  UNHEARD_MOTION_EVENTS,
} from '../../renderer/src/shell/motion-events';

const REACT_PROP: Record<(typeof UNHEARD_MOTION_EVENTS)[number] | 'transitionend' | 'animationend', string> =
  {
    transitionrun: 'onTransitionRun',
    transitionstart: 'onTransitionStart',
    transitioncancel: 'onTransitionCancel',
    animationstart: 'onAnimationStart',
    animationiteration: 'onAnimationIteration',
    transitionend: 'onTransitionEnd',
    animationend: 'onAnimationEnd',
  };

describe('keepUnheardMotionEventsFromReact', () => {
  it('keeps transition and animation starts and repeats from React, and lets their ends through', () => {
    const heard: string[] = [];
    const props = Object.fromEntries(
      Object.entries(REACT_PROP).map(([type, prop]) => [prop, () => heard.push(type)]),
    );
    const container = document.createElement('div');
    document.body.append(container);
    act(() => createRoot(container).render(<div data-testid="bar" {...props} />));
    const bar = container.querySelector('[data-testid="bar"]')!;
    const fireAll = () => {
      for (const type of Object.keys(REACT_PROP)) bar.dispatchEvent(new Event(type, { bubbles: true }));
    };
    // Without the filter React hears every one of them: what the filter takes away is real.
    fireAll();
    expect(heard).toEqual(Object.keys(REACT_PROP));

    heard.length = 0;
    keepUnheardMotionEventsFromReact(window);
    fireAll();
    expect(heard).toEqual(['transitionend', 'animationend']);
  });
});
