import type { ServiceSnapshot } from '@hcts/contracts';
import type { CatalogService } from '../../domain/catalog-service.ts';

/** The contract view of a service, as trading's replica keeps it. */
export function snapshotOf(service: CatalogService): ServiceSnapshot {
  return {
    serviceId: service.serviceId,
    version: service.version,
    providerOrganizationId: service.providerOrganizationId,
    name: service.name.slice(0, 300),
    procedureCode: service.procedureCode,
    indications: service.indications.map(({ code, releaseId }) => ({ code, releaseId })),
    careSetting: service.careSetting,
    unit: service.unit,
    basePrice: service.basePrice,
    components: service.components,
    status: service.status,
  };
}
