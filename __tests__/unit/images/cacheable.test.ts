/**
 * What the image cache holds and under which keys: the base images of a Dockerfile, and one
 * key per platform, image and digest with a restore key for when the registry cannot be asked.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dockerfileBaseImages, imageCacheKeys } from '../../../src/images/cacheable.js';

describe('dockerfileBaseImages', () => {
  test('multi-stage: earlier stages and scratch are not pulled; --platform skipped; each image once', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'FROM --platform=$BUILDPLATFORM node:20-alpine AS deps',
      'RUN npm ci',
      'FROM deps AS build',
      'FROM golang:1.22 as tools',
      'FROM scratch AS empty',
      'FROM node:20-alpine',
      'COPY --from=build /app /app',
    ].join('\n');
    assert.deepEqual(dockerfileBaseImages(text), ['node:20-alpine', 'golang:1.22']);
  });

  test('ARG defaults before the first FROM, build args over them, ${VAR:-default}; an unresolved one is left out', () => {
    const text = [
      'ARG NODE_VERSION=20',
      'ARG BASE',
      'FROM node:${NODE_VERSION}-alpine',
      'FROM ${BASE}',
      'FROM postgres:${PG:-16}',
      'ARG LATE=1',
      'FROM redis:$LATE',
    ].join('\n');
    assert.deepEqual(dockerfileBaseImages(text), ['node:20-alpine', 'postgres:16']);
    assert.deepEqual(dockerfileBaseImages(text, { NODE_VERSION: '22', BASE: 'busybox:1.36' }), [
      'node:22-alpine',
      'busybox:1.36',
      'postgres:16',
    ]);
  });

  test('line continuations, comments, lower-case instructions, CR LF', () => {
    assert.deepEqual(dockerfileBaseImages('# base\r\nfrom \\\r\n  alpine:3.20\r\nRUN true\r\n'), ['alpine:3.20']);
  });
});

describe('imageCacheKeys', () => {
  test('platform, canonical reference and digest in the key; the restore key is the key without the digest', () => {
    const k = imageCacheKeys('docker.io/library/postgres:16', 'linux/amd64', 'sha256:abc');
    assert.equal(k.key, 'compose-or-staging-image-v1-linux/amd64-docker.io/library/postgres:16@sha256:abc');
    assert.deepEqual(k.restoreKeys, ['compose-or-staging-image-v1-linux/amd64-docker.io/library/postgres:16@']);
    assert.ok(k.key.startsWith(k.restoreKeys[0]!));
  });

  test('another platform or another digest is another key; no digest (registry unreachable): only the restore key can match', () => {
    const a = imageCacheKeys('docker.io/library/redis:7', 'linux/amd64', 'sha256:1');
    assert.notEqual(a.key, imageCacheKeys('docker.io/library/redis:7', 'linux/arm64', 'sha256:1').key);
    assert.notEqual(a.key, imageCacheKeys('docker.io/library/redis:7', 'linux/amd64', 'sha256:2').key);
    const offline = imageCacheKeys('docker.io/library/redis:7', 'linux/amd64', undefined);
    assert.equal(offline.key, offline.restoreKeys[0]);
    assert.ok(!offline.key.includes(','));
  });
});
