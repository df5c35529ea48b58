/**
 * Motion events nobody in the window listens to, kept from React. React listens on its root for
 * every event it has a prop for, so each CSS transition and animation that starts or repeats is
 * dispatched to React's root listeners, which walk the component tree for a handler that is never
 * there. Opening a dialog starts a transition on each of its buttons and fields at once: hundreds of
 * such dispatches in one task (28 ms of a 76 ms task in the long-task bench, docs/performance.md).
 * No component uses `onTransitionRun/Start/Cancel` or `onAnimationStart/Iteration`; the end events,
 * which Ant Design's motion and badge wait for, pass on untouched.
 */
export const UNHEARD_MOTION_EVENTS = [
  'transitionrun',
  'transitionstart',
  'transitioncancel',
  'animationstart',
  'animationiteration',
] as const;

/** Stops those events at the window, before any listener below it (React's root among them). */
export function keepUnheardMotionEventsFromReact(target: Window): void {
  for (const type of UNHEARD_MOTION_EVENTS)
    target.addEventListener(type, (event) => event.stopImmediatePropagation(), { capture: true });
}
