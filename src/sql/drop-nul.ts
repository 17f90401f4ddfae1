// PostgreSQL text and jsonb cannot hold U+0000, which SQLite stores happily. A NUL carries nothing
// in a support message, and refusing the row would lose a ticket or a log entry over it, so every
// string value a query sends to PostgreSQL loses it on the way in.
import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely';

// Almost no text holds a NUL: the copy is made only when one is there.
export const withoutNul = (text: string): string => (text.includes('\u0000') ? text.replaceAll('\u0000', '') : text);
const clean = (v: unknown): unknown => (typeof v === 'string' ? withoutNul(v) : Array.isArray(v) ? v.map(clean) : v);

class DropNul extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    return { ...super.transformValue(node), value: clean(node.value) };
  }
  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return { ...super.transformPrimitiveValueList(node), values: node.values.map(clean) };
  }
}

export class DropNulPlugin implements KyselyPlugin {
  readonly #transformer = new DropNul();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
