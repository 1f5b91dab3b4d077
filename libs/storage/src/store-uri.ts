import { fileURLToPath, pathToFileURL } from 'node:url';
import { StorageError } from './storage-errors';

export type StoreLocation =
  | { scheme: 'file'; uri: string; directory: string }
  | { scheme: 's3'; uri: string; bucket: string; keyPrefix: string }
  | { scheme: 'hdfs'; uri: string; authority: string; path: string };

export const SUPPORTED_SCHEMES = ['file', 's3', 'hdfs'] as const;

/**
 * Parses a store root URI (`file:///abs/dir`, `s3://bucket/prefix`, `hdfs://host:port/dir`)
 * into its canonical form, without a trailing '/'. Rejects anything else with a StorageError
 * naming the URI.
 */
export function parseStoreUri(uri: string): StoreLocation {
  const fail = (why: string, cause?: unknown): never => {
    throw new StorageError('open', uri, why, cause === undefined ? undefined : { cause });
  };
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri);
  if (!schemeMatch?.[1]) {
    return fail(`not a URI: expected one of ${SUPPORTED_SCHEMES.map((s) => `${s}://`).join(', ')}, e.g. file:///data/lake`);
  }
  const scheme = schemeMatch[1].toLowerCase();
  let url: URL;
  try {
    url = new URL(uri);
  } catch (error) {
    return fail('malformed URI', error);
  }
  if (url.search || url.hash) fail('a store URI cannot have a query or a fragment');
  switch (scheme) {
    case 'file':
      return parseFileUri(url, fail);
    case 's3':
      return parseS3Uri(url, fail);
    case 'hdfs':
      return parseHdfsUri(url, fail);
    default:
      return fail(`unsupported scheme "${scheme}:", expected one of ${SUPPORTED_SCHEMES.map((s) => `${s}://`).join(', ')}`);
  }
}

/** The canonical `file:` URI of a local directory, without a trailing '/' except for the root. */
export function fileUriOf(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href === 'file:///' ? href : stripTrailingSlashes(href);
}

type Fail = (why: string, cause?: unknown) => never;

function parseFileUri(url: URL, fail: Fail): StoreLocation {
  if (url.host !== '') fail(`a file URI names a local absolute path (file:///dir), not host "${url.host}"`);
  let directory: string;
  try {
    directory = fileURLToPath(url);
  } catch (error) {
    return fail('not a local file path', error);
  }
  directory = stripTrailingSlashes(directory) || '/';
  return { scheme: 'file', uri: fileUriOf(directory), directory };
}

function parseS3Uri(url: URL, fail: Fail): StoreLocation {
  const bucket = url.hostname;
  // S3 bucket naming rules: 3-63 characters, lowercase letters, digits, dots and hyphens.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) fail(`"${bucket}" is not a valid S3 bucket name`);
  if (url.port || url.username || url.password) fail('an s3 URI is s3://bucket/prefix; the endpoint goes in options.s3.endpoint');
  const prefix = checkedPath(decodeURIComponent(url.pathname), fail);
  return {
    scheme: 's3',
    uri: prefix ? `s3://${bucket}/${prefix}` : `s3://${bucket}`,
    bucket,
    keyPrefix: prefix ? `${prefix}/` : '',
  };
}

function parseHdfsUri(url: URL, fail: Fail): StoreLocation {
  if (!url.hostname) fail('an hdfs URI needs the NameNode address: hdfs://host:port/dir');
  const path = checkedPath(decodeURIComponent(url.pathname), fail);
  return { scheme: 'hdfs', uri: `hdfs://${url.host}/${path}`.replace(/\/$/, ''), authority: url.host, path: `/${path}` };
}

/** The path part without its leading and trailing '/', refusing empty, '.' and '..' segments. */
function checkedPath(pathname: string, fail: Fail): string {
  const trimmed = pathname.replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return '';
  for (const segment of trimmed.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') fail(`the path "${pathname}" has an empty, "." or ".." segment`);
  }
  return trimmed;
}

function stripTrailingSlashes(path: string): string {
  return path.replace(/\/+$/, '');
}
