import { METRICS_ENDPOINTS, type EndpointResponse, type MetricsEndpointName } from '@music/metrics-contract';
import { z } from 'zod';

const failure = (endpoint: MetricsEndpointName, what: string, error: z.ZodError) =>
  new Error(`GET ${METRICS_ENDPOINTS[endpoint].path}: ${what} does not match the response schema: ${z.prettifyError(error)}`, { cause: error });

/**
 * The bytes the API sends for `body`: checked against the endpoint's response schema of the
 * contract and encoded by it, then JSON in UTF-8, exactly as fastify-type-provider-zod's
 * serializer writes a response. Done once per cache entry, so that a hit only sends bytes.
 */
export function encodeResponse<Name extends MetricsEndpointName>(endpoint: Name, body: EndpointResponse<Name>): Buffer {
  const schema: z.ZodType = METRICS_ENDPOINTS[endpoint].response;
  const encoded = z.safeEncode(schema, body);
  if (!encoded.success) throw failure(endpoint, 'the body', encoded.error);
  return Buffer.from(JSON.stringify(encoded.data));
}

/**
 * Some fields of a response, checked and encoded each by its schema in the response object's
 * shape: for answers made of a cached part and a few fields of the request's clock, the cached
 * fields are encoded once and each answer only encodes its own (see complete). Valid for the
 * responses whose schema is a plain object of fields (no check across fields).
 */
export class EncodedFields<Name extends MetricsEndpointName> {
  private constructor(
    private readonly endpoint: Name,
    private readonly json: ReadonlyMap<string, string | undefined>,
  ) {}

  static of<Name extends MetricsEndpointName>(endpoint: Name, fields: Partial<EndpointResponse<Name>>): EncodedFields<Name> {
    const shape = EncodedFields.shape(endpoint);
    const json = new Map<string, string | undefined>();
    for (const [key, value] of Object.entries(fields)) {
      const schema = shape[key];
      if (!schema) throw new Error(`GET ${METRICS_ENDPOINTS[endpoint].path}: ${key} is not a field of the response`);
      const encoded = z.safeEncode(schema, value);
      if (!encoded.success) throw failure(endpoint, `field ${key}`, encoded.error);
      // JSON.stringify(undefined) is undefined: the field is left out, as JSON.stringify does in an object.
      json.set(key, JSON.stringify(encoded.data) as string | undefined);
    }
    return new EncodedFields(endpoint, json);
  }

  /** The whole response: these fields and `others`, in the shape's order, the bytes encodeResponse writes. */
  complete(others: Partial<EndpointResponse<Name>>): Buffer {
    const rest = EncodedFields.of(this.endpoint, others).json;
    const members: string[] = [];
    for (const key of Object.keys(EncodedFields.shape(this.endpoint))) {
      // A field given nowhere is checked as undefined: an error unless it is optional.
      const json = this.json.has(key) ? this.json.get(key) : rest.has(key) ? rest.get(key) : EncodedFields.of(this.endpoint, { [key]: undefined } as Partial<EndpointResponse<Name>>).json.get(key);
      if (json !== undefined) members.push(`${JSON.stringify(key)}:${json}`);
    }
    return Buffer.from(`{${members.join(',')}}`);
  }

  private static shape(endpoint: MetricsEndpointName): Readonly<Record<string, z.ZodType>> {
    return METRICS_ENDPOINTS[endpoint].response.shape;
  }
}
