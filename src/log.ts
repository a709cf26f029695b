/**
 * The step's log and annotations. Every line goes through the sanitiser (src/report/outside.ts):
 * no line the runner could take for a command, no control character, no registered secret,
 * whatever outside text a message holds. Use these, not runner.info and friends (a unit test keeps
 * it so).
 */
import * as runner from './runner.js';
import { outsideText } from './report/outside.js';

export function info(message: string): void {
  runner.info(outsideText(message));
}

export function warning(message: string, properties?: runner.AnnotationProperties): void {
  runner.warning(outsideText(message), properties && safeProperties(properties));
}

export function error(message: string, properties?: runner.AnnotationProperties): void {
  runner.error(outsideText(message), properties && safeProperties(properties));
}

export function notice(message: string, properties?: runner.AnnotationProperties): void {
  runner.notice(outsideText(message), properties && safeProperties(properties));
}

/** A title or file name may hold outside text too (a URL, a file name): one safe line each. */
function safeProperties(p: runner.AnnotationProperties): runner.AnnotationProperties {
  return {
    ...p,
    ...(p.title !== undefined ? { title: outsideText(p.title).replace(/\n/g, ' ') } : {}),
    ...(p.file !== undefined ? { file: outsideText(p.file).replace(/\n/g, ' ') } : {}),
  };
}
