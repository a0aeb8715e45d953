// Type-level: what exportEvents takes and the events it yields.
import type { AuditEvent } from '@audit-export/events';
import { describe, expectTypeOf, it } from 'vitest';
import type { AuditQueryClient, ExportEventsOptions, ExportRun, ResumePoint } from '../src/audit-query.js';

declare const client: AuditQueryClient;

describe('exportEvents', () => {
  it('yields AuditEvents, with the spec fields typed and any event name allowed', async () => {
    expectTypeOf(client.exportEvents).returns.toEqualTypeOf<ExportRun<AuditEvent>>();
    expectTypeOf(client.exportEventBatches).returns.toEqualTypeOf<ExportRun<AuditEvent[]>>();
    for await (const event of client.exportEvents({ tenantId: 't', startTime: new Date(), endTime: new Date() })) {
      expectTypeOf(event).toEqualTypeOf<AuditEvent>();
      expectTypeOf(event.eventId).toEqualTypeOf<string>();
      expectTypeOf(event.name).toExtend<string>();
    }
  });

  it('takes filters for a new job, or an existing job with an optional resume point', () => {
    expectTypeOf({
      tenantId: 't',
      startTime: '2024-09-16T05:00:00Z',
      endTime: new Date(),
    }).toExtend<ExportEventsOptions>();
    expectTypeOf({ jobId: 'j' }).toExtend<ExportEventsOptions>();
    expectTypeOf<{ jobId: string; resumeFrom: ResumePoint }>().toExtend<ExportEventsOptions>();
    expectTypeOf<{
      tenantId: string;
      startTime: Date;
      endTime: Date;
      resumeFrom: ResumePoint;
      maxJobs: number;
    }>().toExtend<ExportEventsOptions>();
    expectTypeOf({ signal: AbortSignal.timeout(1) }).not.toExtend<ExportEventsOptions>();
    expectTypeOf({ jobId: 'j', cancelJobOnAbort: 'yes' }).not.toExtend<ExportEventsOptions>();
  });
});

describe('ExportRun', () => {
  it('says where to continue, as a resume point or nothing before the first job', () => {
    const run = client.exportEventBatches({ tenantId: 't', startTime: new Date(), endTime: new Date() });
    expectTypeOf(run.resumePoint()).toEqualTypeOf<ResumePoint | undefined>();
  });
});
