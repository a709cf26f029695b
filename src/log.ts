/**
 * The step's log and annotations. Every line goes through the sanitiser (src/report/outside.ts):
 * no line the runner could take for a command, no control character, no registered secret,
 * whatever outside text a message holds. Use these, not core.info and friends (a unit test keeps
 * it so).
 */
import * as core from './core.js';
import { outsideText } from './report/outside.js';

export function info(message: string): void {
  core.info(outsideText(message));
}

export function warning(message: string, properties?: core.AnnotationProperties): void {
  core.warning(outsideText(message), properties && safeProperties(properties));
}

export function error(message: string, properties?: core.AnnotationProperties): void {
  core.error(outsideText(message), properties && safeProperties(properties));
}

export function notice(message: string, properties?: core.AnnotationProperties): void {
  core.notice(outsideText(message), properties && safeProperties(properties));
}

/** A title or file name may hold outside text too (a URL, a file name): one safe line each. */
function safeProperties(p: core.AnnotationProperties): core.AnnotationProperties {
  return {
    ...p,
    ...(p.title !== undefined ? { title: outsideText(p.title).replace(/\n/g, ' ') } : {}),
    ...(p.file !== undefined ? { file: outsideText(p.file).replace(/\n/g, ' ') } : {}),
  };
}
