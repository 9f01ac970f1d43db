import { useState } from 'preact/hooks';
import { ApiProblem, type ApiClient } from '../api/client';
import type { PipelineStage, PipelineView } from '../api/types';
import { Empty, Loading, ProblemView, useLoad } from '../components/states';
import { formatDate } from '../format';

/** The pipeline of a chosen application: its stages, their upstreams and their gates. */
export function PipelinePanel({ api }: { api: ApiClient }) {
  const [applications] = useLoad(() => api.applications({ limit: 100 }), [api]);
  const [application, setApplication] = useState('');
  return (
    <>
      <h2>Pipeline</h2>
      {applications.state === 'error' && <ProblemView error={applications.error} />}
      <div class="filters">
        <div class="field">
          <label for="pipeline-application">Pipeline of</label>
          <select
            id="pipeline-application"
            value={application}
            onChange={(event) => setApplication(event.currentTarget.value)}
          >
            <option value="">Choose an application</option>
            {applications.state === 'ready' &&
              applications.value.items.map((item) => (
                <option key={item.name} value={item.name}>
                  {item.name}
                </option>
              ))}
          </select>
        </div>
      </div>
      {application && <Pipeline key={application} api={api} application={application} />}
    </>
  );
}

function Pipeline({ api, application }: { api: ApiClient; application: string }) {
  const [pipeline] = useLoad(() => api.pipeline(application), [api, application]);
  if (pipeline.state === 'loading') return <Loading what={`the pipeline of ${application}`} />;
  if (pipeline.state === 'error')
    return pipeline.error instanceof ApiProblem && pipeline.error.status === 404 ? (
      <Empty>{application} has no pipeline.</Empty>
    ) : (
      <ProblemView error={pipeline.error} />
    );
  return <StageTable pipeline={pipeline.value} />;
}

function StageTable({ pipeline }: { pipeline: PipelineView }) {
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label={`Pipeline of ${pipeline.application}`}>
      <p class="muted small">Updated {formatDate(pipeline.updatedAt)}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Takes releases from</th>
            <th scope="col">Promotes</th>
            <th scope="col">Gates</th>
          </tr>
        </thead>
        <tbody>
          {pipeline.stages.map((stage) => (
            <tr key={stage.environment} data-stage={stage.environment}>
              <th scope="row">{stage.environment}</th>
              <td>
                {stage.upstreams?.length
                  ? `${stage.upstreams.join(', ')}${stage.upstreams.length > 1 ? ` (${stage.upstreamPolicy ?? 'any'})` : ''}`
                  : 'first stage'}
              </td>
              <td>{stage.autoPromote ? 'automatically' : 'on request'}</td>
              <td>{gatesOf(stage)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The stage's gates in one line, as an engineer would say them. */
function gatesOf(stage: PipelineStage): string {
  const gates = stage.gates ?? {};
  const parts = [
    gates.soakSeconds ? `soak ${gates.soakSeconds}s` : '',
    gates.approvals
      ? `${gates.approvals.required} approval${gates.approvals.required === 1 ? '' : 's'} (${gates.approvals.minimumRole ?? 'operator'} or above)`
      : '',
    gates.verification?.length
      ? `verify ${gates.verification.map((check) => `${check.kind} ${check.name}`).join(', ')}${gates.rollbackOnFailure ? ', rolling back on failure' : ''}`
      : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'none';
}
