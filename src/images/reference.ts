/**
 * Image references as the engine reads them (`busybox`, `library/busybox:1.36`,
 * `ghcr.io/org/app:v1`, `localhost:5000/app@sha256:…`): the registry to ask, the repository in
 * it, and the tag or digest. Docker Hub's short names get `docker.io` and `library/`, as the
 * engine does, so that two spellings of one image are one cache key. Pure.
 */

import type { ImageReference } from './types.js';

export type { ImageReference };

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
/** `sha256:…`: what a digest looks like (a registry's header is checked against it too). */
export const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,128}$/;

/** The reference, or why it is not one. */
export function parseReference(text: string): ImageReference | { error: string } {
  const ref = text.trim();
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  if (digest !== undefined && !DIGEST.test(digest)) return { error: `${JSON.stringify(text)}: "${digest}" is not a digest` };
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  const tag = colon > slash ? rest.slice(colon + 1) : undefined;
  const name = colon > slash ? rest.slice(0, colon) : rest;
  if (tag !== undefined && !TAG.test(tag)) return { error: `${JSON.stringify(text)}: "${tag}" is not a tag` };
  const parts = name.split('/');
  const first = parts[0] ?? '';
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  const path = hasRegistry ? parts.slice(1) : parts;
  const repository = (registry === 'docker.io' && path.length === 1 ? ['library', ...path] : path).join('/');
  if (!repository || !repository.split('/').every((c) => COMPONENT.test(c)))
    return { error: `${JSON.stringify(text)}: "${path.join('/')}" is not a repository name (lower case letters, digits and separators)` };
  const finalTag = tag ?? (digest ? undefined : 'latest');
  return {
    registry,
    apiHost: registry === 'docker.io' ? 'registry-1.docker.io' : registry,
    repository,
    tag: finalTag,
    digest,
    canonical: `${registry}/${repository}${finalTag ? `:${finalTag}` : ''}${digest ? `@${digest}` : ''}`,
  };
}

/** Whether the registry is on this machine: the engine trusts such a registry without TLS. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
