import { operations, resolveRef, type SpecNode } from '@audit-export/spec';
import { DocsBuildError } from '../errors.js';
import type {
  AnswerKind,
  BodyExample,
  BodyModel,
  ContentModel,
  CredentialModel,
  OperationModel,
  ParameterModel,
  ResponseModel,
  ValueType,
  XmlShape,
} from './model.js';
import type { SchemaRegistry } from './schema-registry.js';
import { firstSentence } from './text.js';

/** The operations of one document as the Try it panel runs them; their schemas go into `schemas`. */
export function buildOperationModels(apiId: string, doc: SpecNode, schemas: SchemaRegistry): OperationModel[] {
  return operations(doc)
    .filter((entry) => typeof entry.operation.operationId === 'string')
    .map((entry) => {
      const { operation, operationId, method, path } = entry;
      const where = { api: apiId, operationId };
      const pathItem = resolveRef(doc, doc.paths[path]);
      const server = (operation.servers ?? pathItem.servers ?? doc.servers ?? [])[0] as SpecNode | undefined;
      const serverUrl = server ? expandServerUrl(server) : '';
      const security = pickSecurity(doc, (operation.security ?? doc.security ?? []) as SpecNode[], where);
      const body = operation.requestBody ? bodyModel(doc, resolveRef(doc, operation.requestBody), schemas) : undefined;
      return {
        operationId,
        method,
        path,
        summary: typeof operation.summary === 'string' ? operation.summary : operationId,
        route: operationId.toLowerCase(),
        serverPath: serverUrl ? new URL(serverUrl).pathname.replace(/\/+$/, '') : '',
        serverUrl,
        parameters: entry.parameters
          .filter((parameter) => parameter.in !== 'cookie')
          .map((parameter) => parameterModel(doc, parameter, schemas)),
        ...(body ? { body } : {}),
        credentials: security.credentials,
        credentialNotes: security.notes,
        responses: Object.entries((operation.responses ?? {}) as SpecNode).map(([status, raw]) =>
          responseModel(doc, status, resolveRef(doc, raw), schemas, where),
        ),
      };
    });
}

/** A server URL with each `{variable}` replaced by its default. */
export function expandServerUrl(server: SpecNode): string {
  const variables = (server.variables ?? {}) as Record<string, { default?: string }>;
  return String(server.url).replace(/\{([^}]+)\}/g, (_, name: string) => variables[name]?.default ?? name);
}

function parameterModel(doc: SpecNode, parameter: SpecNode, schemas: SchemaRegistry): ParameterModel {
  const schema = (parameter.schema ?? {}) as SpecNode;
  const resolved = resolveRef(doc, schema);
  const example =
    parameter.example ?? firstExample(doc, parameter.examples) ?? resolved.example ?? resolved.examples?.[0];
  return {
    name: String(parameter.name),
    in: parameter.in as ParameterModel['in'],
    required: parameter.required === true,
    description: typeof parameter.description === 'string' ? parameter.description : '',
    example: example === undefined ? '' : String(example),
    ...(Array.isArray(resolved.enum) ? { enum: resolved.enum.map(String) } : {}),
    type: valueType(resolved.type),
    validator: schemas.add(schema),
  };
}

function valueType(type: unknown): ValueType {
  const name = Array.isArray(type) ? type.find((t) => t !== 'null') : type;
  return name === 'integer' || name === 'number' || name === 'boolean' ? name : 'string';
}

function firstExample(doc: SpecNode, examples: unknown): unknown {
  if (!examples || typeof examples !== 'object') return undefined;
  const first = Object.values(examples as SpecNode)[0];
  return first === undefined ? undefined : resolveRef(doc, first).value;
}

function bodyModel(doc: SpecNode, requestBody: SpecNode, schemas: SchemaRegistry): BodyModel | undefined {
  const [contentType, media] = Object.entries((requestBody.content ?? {}) as SpecNode)[0] ?? [];
  if (!contentType || !media) return undefined;
  const examples: BodyExample[] = Object.entries((media.examples ?? {}) as SpecNode).map(([name, raw]) => {
    const example = resolveRef(doc, raw);
    return { name, summary: String(example.summary ?? name), value: JSON.stringify(example.value, null, 2) };
  });
  if (examples.length === 0 && media.example !== undefined) {
    examples.push({ name: 'example', summary: 'Example', value: JSON.stringify(media.example, null, 2) });
  }
  return {
    contentType,
    required: requestBody.required === true,
    examples,
    validator: schemas.add(media.schema ?? {}),
  };
}

/** How a media type's body is read: JSON, JSON Lines, XML, CSV, ZIP, or plain text. */
export function answerKind(type: string): AnswerKind {
  const base = type.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (base === 'application/jsonl' || base === 'application/x-ndjson' || base === 'application/jsonlines')
    return 'jsonl';
  if (base === 'application/json' || base.endsWith('+json')) return 'json';
  if (base.endsWith('/xml') || base.endsWith('+xml')) return 'xml';
  if (base === 'text/csv') return 'csv';
  if (base === 'application/zip') return 'zip';
  return 'text';
}

function responseModel(
  doc: SpecNode,
  status: string,
  response: SpecNode,
  schemas: SchemaRegistry,
  where: Record<string, string>,
): ResponseModel {
  const contents = Object.entries((response.content ?? {}) as SpecNode).map(([type, media]): ContentModel => {
    const kind = answerKind(type);
    const schema = (media.schema ?? {}) as SpecNode;
    if (kind === 'jsonl') {
      const item = media['x-jsonl-item-schema'] ?? schema['x-jsonl-item-schema'];
      if (!item) {
        throw new DocsBuildError(
          'TRY_IT_SPEC_UNSUPPORTED',
          `${where.api} ${where.operationId} ${status}: ${type} has no x-jsonl-item-schema to check its lines against.`,
          { ...where, status },
        );
      }
      return { type, kind, validator: schemas.add(item) };
    }
    if (kind === 'xml') {
      const target = resolveRef(doc, schema).contentSchema as SpecNode | undefined;
      if (!target) return { type, kind };
      return { type, kind, validator: schemas.add(target), xml: xmlShape(doc, target, '', 0) };
    }
    if (kind === 'zip') return { type, kind };
    return { type, kind, validator: schemas.add(schema) };
  });
  return { status, description: typeof response.description === 'string' ? response.description : '', contents };
}

/** Reads how an XML document maps onto a schema (element names, wrapped arrays, value types) from its `xml` objects. */
export function xmlShape(doc: SpecNode, raw: SpecNode, propertyName: string, depth: number): XmlShape {
  const schema = resolveRef(doc, raw);
  const name = (schema.xml?.name as string | undefined) ?? propertyName;
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  // The XML answers are a root, its entries and their fields: a deeper shape is a schema this reader does not expect.
  if (depth > 8)
    throw new DocsBuildError('TRY_IT_SPEC_UNSUPPORTED', `XML schema nests deeper than 8 levels at ${name}.`);
  if (type === 'array') {
    const items = xmlShape(doc, schema.items ?? {}, propertyName, depth + 1);
    return { name, type: 'array', items, wrapped: schema.xml?.wrapped === true };
  }
  if (type === 'object' || schema.properties) {
    const properties = Object.fromEntries(
      Object.entries((schema.properties ?? {}) as SpecNode).map(([key, value]) => [
        key,
        xmlShape(doc, value as SpecNode, key, depth + 1),
      ]),
    );
    return { name, type: 'object', properties };
  }
  return { name, type: type === 'integer' || type === 'number' || type === 'boolean' ? type : 'string' };
}

interface SecurityChoice {
  credentials: CredentialModel[];
  notes: string[];
}

/**
 * The first security requirement a page can satisfy: every scheme in it is sent in a header the
 * page may set (bearer, Basic, an API key in a header) or only says where tokens come from (OAuth,
 * OpenID Connect). A cookie is skipped: fetch cannot set one. The others become notes.
 */
function pickSecurity(doc: SpecNode, requirements: SpecNode[], where: Record<string, string>): SecurityChoice {
  const schemes = (doc.components?.securitySchemes ?? {}) as SpecNode;
  const notes: string[] = [];
  let chosen: CredentialModel[] | undefined;
  for (const requirement of requirements) {
    const names = Object.keys(requirement);
    const credentials = names.flatMap((name) => {
      const credential = credentialOf(name, resolveRef(doc, schemes[name]), where);
      return credential ? [credential] : [];
    });
    const sendable = names.every((name) => {
      const scheme = resolveRef(doc, schemes[name]);
      return credentialOf(name, scheme, where) !== undefined || isInformational(scheme);
    });
    if (chosen === undefined && sendable && credentials.length > 0) {
      chosen = credentials;
      for (const name of names) {
        const scheme = resolveRef(doc, schemes[name]);
        if (isInformational(scheme)) notes.push(`${name}: ${firstSentence(scheme.description)}`);
      }
    } else if (!sendable) {
      for (const name of names) {
        const scheme = resolveRef(doc, schemes[name]);
        if (scheme.in === 'cookie') {
          notes.push(
            `${name} (cookie ${scheme.name}): a browser that holds the session sends it by itself; this page cannot set it.`,
          );
        }
      }
    }
  }
  return { credentials: chosen ?? [], notes };
}

function isInformational(scheme: SpecNode): boolean {
  return scheme.type === 'oauth2' || scheme.type === 'openIdConnect';
}

function credentialOf(name: string, scheme: SpecNode, where: Record<string, string>): CredentialModel | undefined {
  const description = firstSentence(scheme.description);
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') {
    return { scheme: name, kind: 'bearer', header: 'Authorization', prefix: 'Bearer ', description };
  }
  if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'basic') {
    return { scheme: name, kind: 'basic', header: 'Authorization', prefix: 'Basic ', description };
  }
  if (scheme.type === 'apiKey' && scheme.in === 'header') {
    const header = String(scheme.name);
    // An API key in Authorization carries a prefix that only the description names: `Authorization: Zoho-oauthtoken <token>`.
    const prefix =
      header.toLowerCase() === 'authorization'
        ? /`Authorization:\s*([A-Za-z][\w-]*)\s+</.exec(String(scheme.description ?? ''))?.[1]
        : '';
    if (prefix === undefined) {
      throw new DocsBuildError(
        'TRY_IT_SPEC_UNSUPPORTED',
        `${where.api}: the API key ${name} goes in Authorization, but its description does not show the value as \`Authorization: <Prefix> <token>\`.`,
        { ...where, scheme: name },
      );
    }
    return { scheme: name, kind: 'header', header, prefix: prefix ? `${prefix} ` : '', description };
  }
  return undefined;
}
