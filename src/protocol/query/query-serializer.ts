import type { ServiceModel, Shape } from '../model/service-model.js';
import { writeMembers } from '../xml/xml-values.js';
import type { XmlWriter } from '../xml/xml-writer.js';

/**
 * Writes a structure's members as XML elements the way query-protocol services do
 * (lists wrapped in `<member>` unless flattened, maps as `<entry><key/><value/></entry>`).
 */
export function writeStructure(model: ServiceModel, shape: Shape, value: Record<string, unknown>, xml: XmlWriter): void {
  writeMembers(model, shape, value, xml);
}
