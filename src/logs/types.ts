/** The complete logs of a stack's services, as written under RUNNER_TEMP. A leaf: shapes only. */

/** `upload-logs`: when the log files are uploaded as an artifact. */
export type UploadLogs = 'on-failure' | 'always' | 'never';

/** One service's complete log, redacted, in its own file. */
export interface LogFile {
  service: string;
  /** Absolute path. */
  file: string;
  /** Its size in bytes, as written. */
  bytes: number;
  /** Read to its end; false when the budget ran out or the engine could not give it all. */
  complete: boolean;
}

/** What became of an upload: the artifact's name and id, or why there is none. */
export type UploadOutcome =
  { uploaded: true; name: string; id: number; url: string | undefined; size: number } | { uploaded: false; name: string; why: string };
