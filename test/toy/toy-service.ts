/**
 * A toy service, added to Rampart the way docs/adding-a-service.md says, without touching src/authz
 * or src/gateway: a model (toy-model.json), three operations (PutThing streams its body,
 * GetThing, PutThingPolicy), a resource policy on each thing, one condition key (`toy:Color`), and
 * things addressed by name (the caller's account) or by ARN (any account: cross-account access).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import type { ResolveEnv, ServiceAuthorization, TargetResource } from '../../src/authz/service-rules.js';
import { codecFor } from '../../src/protocol/codecs.js';
import { ServiceModel, type RawServiceModel } from '../../src/protocol/model/service-model.js';
import type { HandlerContext, HandlerTable } from '../../src/protocol/service-definition.js';
import type { ServiceFactory, ServiceParts } from '../../src/services/service-module.js';
import { AwsError } from '../../src/shared/aws-error.js';
import type { JsonValue } from '../../src/storage/types.js';

const MODEL = new ServiceModel(JSON.parse(readFileSync(fileURLToPath(new URL('./toy-model.json', import.meta.url)), 'utf8')) as RawServiceModel);
const TABLE = 'toy.things';

interface Thing {
  readonly name: string;
  readonly owner: string;
  readonly bytes: number;
  readonly color?: string;
  readonly policy?: string;
}

/** A thing's account and name: `NAME` is the caller's, `arn:aws:toy:REGION:ACCT:thing/NAME` anyone's. */
function address(name: string, accountId: string): { accountId: string; name: string } {
  const m = /^arn:aws:toy:[a-z0-9-]+:(\d{12}):thing\/(.+)$/.exec(name);
  return m ? { accountId: m[1]!, name: m[2]! } : { accountId, name };
}

const noSuchThing = (name: string) => new AwsError({ code: 'NoSuchThing', message: `No thing named ${name}.`, httpStatus: 404, senderFault: true });

/** The toy service's factory, as a service module exports it. */
export const toyService: ServiceFactory = (parts: ServiceParts) => {
  const { store } = parts;
  const scope = (accountId: string) => ({ kind: 'account', accountId }) as const;
  const get = async (accountId: string, name: string) => (await store.get(TABLE, scope(accountId), name))?.value as unknown as Thing | undefined;
  const put = (t: Thing) => store.put(TABLE, scope(t.owner), t.name, t as unknown as JsonValue);
  const where = (input: Record<string, unknown>, ctx: HandlerContext) => address(String(input['Name']), ctx.caller.principal.accountId);

  /** Resolution: the canonical thing, its owner, its policy and its color key. */
  async function target(input: Readonly<Record<string, unknown>>, env: ResolveEnv): Promise<TargetResource[]> {
    const a = address(String(input['Name']), env.accountId);
    const t = await get(a.accountId, a.name);
    const keys = input['Color'] !== undefined ? { 'toy:Color': String(input['Color']) } : undefined;
    return [
      {
        arn: `arn:${env.partition}:toy:${env.region}:${a.accountId}:thing/${a.name}`,
        type: 'thing',
        accountId: a.accountId,
        ...(keys ? { keys } : {}),
        ...(t?.policy ? { policy: { record: { id: `${a.accountId}/${a.name}/policy`, name: 'ThingPolicy', document: t.policy } } } : {}),
      },
    ];
  }
  const authorization: ServiceAuthorization = {
    prefix: 'toy',
    resourceControlPolicies: true,
    operations: { PutThing: { resolve: target }, GetThing: { resolve: target }, PutThingPolicy: { resolve: target } },
    tables: [TABLE],
  };

  const handlers: HandlerTable = {
    async PutThing(input, ctx) {
      const a = where(input, ctx);
      // Count the streamed body; nothing is stored before it has been read whole and verified.
      let bytes = 0;
      const body = input['Body'] as Readable | undefined;
      if (body) for await (const chunk of body) bytes += (chunk as Buffer).length;
      const before = await get(a.accountId, a.name);
      const color = input['Color'] as string | undefined;
      const t: Thing = { ...before, name: a.name, owner: a.accountId, bytes, ...(color ? { color } : {}) };
      await put(t);
      return { Name: t.name, Bytes: t.bytes, Owner: t.owner, ...(t.color ? { Color: t.color } : {}) };
    },
    async GetThing(input, ctx) {
      const a = where(input, ctx);
      const t = await get(a.accountId, a.name);
      if (!t) throw noSuchThing(a.name);
      return { Name: t.name, Bytes: t.bytes, Owner: t.owner, ...(t.color ? { Color: t.color } : {}) };
    },
    async PutThingPolicy(input, ctx) {
      const a = where(input, ctx);
      const t = await get(a.accountId, a.name);
      if (!t) throw noSuchThing(a.name);
      await put({ ...t, policy: String(input['Policy']) });
      return { Name: t.name, Bytes: t.bytes, Owner: t.owner };
    },
  };
  // GetThing may be called without a signature (as S3 serves public objects): a thing's policy decides.
  return { definition: { name: 'toy', model: MODEL, codec: codecFor(MODEL), handlers, streamingPayloads: true, anonymousOperations: new Set(['GetThing']) }, authorization };
};
