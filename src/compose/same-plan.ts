/** Whether two plans start the same stack: the early start's prediction, and the plan compose config confirmed. */
import type { ComposePlan } from './plan-types.js';

/**
 * Whether `confirmed` starts exactly the stack `predicted` started, and waits for the same
 * services: same compose, files, directory, project, services and awaited containers. Pure.
 */
export function samePlan(predicted: ComposePlan, confirmed: ComposePlan): boolean {
  const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
  const sameSet = (a: string[], b: string[]): boolean => same([...a].sort(), [...b].sort());
  return (
    same(predicted.compose.argv, confirmed.compose.argv) &&
    same(predicted.files, confirmed.files) &&
    predicted.projectDirectory === confirmed.projectDirectory &&
    predicted.projectName === confirmed.projectName &&
    sameSet(predicted.services, confirmed.services) &&
    sameSet(predicted.awaited, confirmed.awaited) &&
    predicted.backend?.service === confirmed.backend?.service &&
    predicted.backend?.port === confirmed.backend?.port &&
    predicted.auth?.service === confirmed.auth?.service &&
    predicted.auth?.port === confirmed.auth?.port
  );
}
