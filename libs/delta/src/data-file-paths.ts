/**
 * Paths of data files in `add`/`remove` actions. They are URIs (RFC 2396), relative to the table
 * root or absolute, and must be decoded; the same file can be written `file:/t/a%20b`,
 * `file:///t/a%20b` or `a%20b`. Reconciliation keys on the decoded, fully qualified location.
 */

/** Where an action's path points to. */
export type FileLocation =
  | { kind: 'table'; /** Store key relative to the table root, decoded. */ key: string; uri: string }
  | { kind: 'external'; /** Fully qualified, decoded URI outside the table root. */ uri: string };

const SCHEME_ALIASES: Record<string, string> = { 's3a:': 's3:', 's3n:': 's3:' };

function withTrailingSlash(uri: string): string {
  return uri.endsWith('/') ? uri : `${uri}/`;
}

function decodePathname(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch (error) {
    throw new Error(`malformed percent-encoding in path ${JSON.stringify(pathname)}`, { cause: error });
  }
}

function qualified(url: URL): string {
  const protocol = SCHEME_ALIASES[url.protocol] ?? url.protocol;
  return `${protocol}//${url.host}${decodePathname(url.pathname)}`;
}

/** Resolves action paths against one table root URI (`file:///data/t`, `s3://bucket/t`, `hdfs://nn:8020/t`). */
export class DataFilePaths {
  private readonly base: URL;
  private readonly qualifiedBase: string;

  constructor(readonly tableUri: string) {
    this.base = new URL(withTrailingSlash(tableUri));
    this.qualifiedBase = qualified(this.base);
  }

  /** Throws on a path that is not a valid URI reference (malformed percent-encoding). */
  locate(actionPath: string): FileLocation {
    const resolved = new URL(actionPath, this.base);
    const uri = qualified(resolved);
    if (uri.startsWith(this.qualifiedBase) && uri.length > this.qualifiedBase.length) {
      return { kind: 'table', key: uri.slice(this.qualifiedBase.length), uri };
    }
    return { kind: 'external', uri };
  }

  /** The reconciliation key of a logical file: decoded location plus deletion-vector id. */
  fileKey(actionPath: string, deletionVectorId?: string): string {
    const { uri } = this.locate(actionPath);
    return deletionVectorId === undefined ? uri : `${uri}#dv=${deletionVectorId}`;
  }
}

const PATH_SAFE = /[A-Za-z0-9\-_.~!*'()=,;$&+@/]/;

/** Encodes a store key relative to the table root as an action path (a relative URI). */
export function encodeActionPath(key: string): string {
  let encoded = '';
  for (const char of key) {
    if (PATH_SAFE.test(char)) encoded += char;
    else encoded += encodeURIComponent(char).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  return encoded;
}

/** Characters Hive/Spark escape in partition directory names (ExternalCatalogUtils.escapePathName). */
function needsHiveEscape(code: number): boolean {
  return (code >= 0x01 && code <= 0x1f) || code === 0x7f || '"#%\'*/:=?\\{[]^'.includes(String.fromCharCode(code));
}

export function escapePartitionPathName(value: string): string {
  let escaped = '';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    escaped += code < 0x80 && needsHiveEscape(code) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : char;
  }
  return escaped;
}

export const NULL_PARTITION_DIRECTORY_VALUE = '__HIVE_DEFAULT_PARTITION__';

/** `col1=v1/col2=v2` for serialized partition values (null → `__HIVE_DEFAULT_PARTITION__`). */
export function partitionDirectory(
  partitionColumns: readonly string[],
  values: Readonly<Record<string, string | null>>,
): string {
  return partitionColumns
    .map((column) => {
      const value = values[column] ?? null;
      const name = value === null || value === '' ? NULL_PARTITION_DIRECTORY_VALUE : escapePartitionPathName(value);
      return `${escapePartitionPathName(column)}=${name}`;
    })
    .join('/');
}
