import { useState, type FormEvent } from 'react';
import { parseLabels } from '@memfleet/contracts/labels';
import { describeError, request } from '../api/client';
import { AUDIT_FORMATS, type AuditFormat, type AuditSchedule, type AuditScheduleInput, type Destination } from '../api/output-types';
import type { Page } from '../api/types';
import { dateTime } from '../format';
import { useApi } from '../hooks';
import { itemsOf, scopeText, splitLabels } from '../url';
import { Loading } from './States';
import { ListError, isMissingEndpoint } from './Unavailable';

const TIME_ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

const EMPTY: AuditScheduleInput = { name: '', cron: '0 6 * * *', timeZone: 'UTC', scope: {}, formats: ['pdf'], destinationIds: [], enabled: true };

function ScheduleForm({
  initial,
  destinations,
  onSaved,
  onCancel,
}: {
  initial: AuditSchedule | null;
  destinations: Destination[] | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  // Only the writable fields: the API refuses unknown ones (id, timestamps, nextRunAt).
  const [v, setV] = useState<AuditScheduleInput>(() =>
    initial
      ? {
          name: initial.name,
          cron: initial.cron,
          timeZone: initial.timeZone,
          scope: initial.scope,
          formats: initial.formats,
          destinationIds: initial.destinationIds,
          enabled: initial.enabled,
        }
      : EMPTY,
  );
  const [scope, setScope] = useState(
    initial
      ? Object.entries(initial.scope)
          .map(([k, val]) => `${k}=${val}`)
          .join(' ')
      : '',
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = initial?.id ?? 'new';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseLabels(splitLabels(scope), 'scope');
    if (!parsed.ok) return setError(`scope: ${parsed.errors.map((er) => er.reason).join('; ')}`);
    setBusy(true);
    setError(null);
    try {
      const body = { ...v, scope: parsed.labels };
      if (initial) await request<AuditSchedule>(`/audit-schedules/${initial.id}`, { method: 'PATCH', body });
      else await request<AuditSchedule>('/audit-schedules', { method: 'POST', body });
      onSaved();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item));

  return (
    <form className="panel schedule-form" onSubmit={(e) => void submit(e)} aria-label={initial ? `Edit schedule ${initial.name}` : 'New schedule'}>
      <h3>{initial ? `Edit “${initial.name}”` : 'New schedule'}</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`s-name-${id}`}>Name</label>
          <input id={`s-name-${id}`} required value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} placeholder="Daily edge audit" />
        </div>
        <div className="field">
          <label htmlFor={`s-cron-${id}`}>Cron</label>
          <input
            id={`s-cron-${id}`}
            required
            className="mono"
            value={v.cron}
            onChange={(e) => setV({ ...v, cron: e.target.value })}
            aria-describedby={`s-cron-hint-${id}`}
          />
          <span id={`s-cron-hint-${id}`} className="muted small">
            minute hour day month weekday, e.g. <code>0 6 * * 1-5</code>
          </span>
        </div>
        <div className="field">
          <label htmlFor={`s-tz-${id}`}>Time zone</label>
          <input id={`s-tz-${id}`} required list="time-zones" value={v.timeZone} onChange={(e) => setV({ ...v, timeZone: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`s-scope-${id}`}>Scope (label selector)</label>
          <input id={`s-scope-${id}`} value={scope} onChange={(e) => setScope(e.target.value)} placeholder="empty: the whole fleet" />
        </div>
      </div>
      <fieldset className="checks">
        <legend>Formats</legend>
        {AUDIT_FORMATS.map((f) => (
          <label key={f} className="check">
            <input
              type="checkbox"
              checked={v.formats.includes(f)}
              onChange={(e) => setV({ ...v, formats: toggle<AuditFormat>(v.formats, f, e.target.checked) })}
            />{' '}
            {f}
          </label>
        ))}
      </fieldset>
      <fieldset className="checks">
        <legend>Destinations</legend>
        {destinations === null ? (
          <span className="muted small">Destinations are not available on this server.</span>
        ) : destinations.length === 0 ? (
          <span className="muted small">No destination yet: add one on the Destinations page.</span>
        ) : (
          destinations.map((d) => (
            <label key={d.id} className="check">
              <input
                type="checkbox"
                checked={v.destinationIds.includes(d.id)}
                onChange={(e) => setV({ ...v, destinationIds: toggle(v.destinationIds, d.id, e.target.checked) })}
              />{' '}
              {d.name} <span className="muted small">({d.type})</span>
            </label>
          ))
        )}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={v.enabled} onChange={(e) => setV({ ...v, enabled: e.target.checked })} /> Enabled
      </label>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {initial ? 'Save schedule' : 'Create schedule'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DeleteButton({ schedule, onDeleted }: { schedule: AuditSchedule; onDeleted: () => void }) {
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!confirm)
    return (
      <button type="button" className="danger" onClick={() => setConfirm(true)}>
        Delete
      </button>
    );
  return (
    <span className="row">
      <button
        type="button"
        className="danger"
        onClick={() => void request(`/audit-schedules/${schedule.id}`, { method: 'DELETE' }).then(onDeleted, (err: unknown) => setError(describeError(err)))}
      >
        Delete “{schedule.name}”
      </button>
      <button type="button" onClick={() => setConfirm(false)}>
        Keep
      </button>
      {error && (
        <span role="alert" className="form-error">
          {error}
        </span>
      )}
    </span>
  );
}

/** The audit schedules (admin): list, create, edit, delete. */
export function AuditSchedules() {
  const list = useApi<Page<AuditSchedule> | AuditSchedule[]>('/audit-schedules?limit=100');
  const dests = useApi<Page<Destination> | Destination[]>('/destinations');
  const schedules = itemsOf(list.data);
  const [editing, setEditing] = useState<AuditSchedule | 'new' | null>(null);
  const destinations = dests.error && isMissingEndpoint(dests.error) ? null : (itemsOf(dests.data) ?? []);
  const names = new Map((destinations ?? []).map((d) => [d.id, d.name]));
  const saved = () => {
    setEditing(null);
    list.reload();
  };

  return (
    <section aria-labelledby="schedules-h">
      <div className="page-head">
        <h2 id="schedules-h">Schedules</h2>
        {schedules && editing === null && (
          <button type="button" onClick={() => setEditing('new')}>
            New schedule
          </button>
        )}
      </div>
      <datalist id="time-zones">
        {TIME_ZONES.map((tz) => (
          <option key={tz} value={tz} />
        ))}
      </datalist>
      {list.error ? (
        <ListError error={list.error} what="Audit schedules are" onRetry={list.reload} />
      ) : !schedules ? (
        <Loading what="Loading schedules" />
      ) : (
        <>
          {editing === 'new' && <ScheduleForm initial={null} destinations={destinations} onSaved={saved} onCancel={() => setEditing(null)} />}
          {schedules.length === 0 ? (
            <p className="muted">No schedule: audits run only when someone starts one.</p>
          ) : (
            <div className="table-wrap" tabIndex={0}>
              <table className="data schedules cards">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">When</th>
                    <th scope="col">Scope</th>
                    <th scope="col">Formats</th>
                    <th scope="col">Destinations</th>
                    <th scope="col">Next run</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {schedules.map((s) => (
                    <tr key={s.id} data-schedule={s.name}>
                      <td>
                        {s.name} {!s.enabled && <span className="badge">disabled</span>}
                      </td>
                      <td className="inline">
                        <code>{s.cron}</code> <span className="muted small">{s.timeZone}</span>
                      </td>
                      <td className="inline" data-label="scope">
                        {scopeText(s.scope)}
                      </td>
                      <td className="inline" data-label="formats">
                        {s.formats.join(', ') || '—'}
                      </td>
                      <td className="inline" data-label="to">
                        {s.destinationIds.length ? s.destinationIds.map((d) => names.get(d) ?? d).join(', ') : 'no destination'}
                      </td>
                      <td className="inline" data-label="next">
                        {s.enabled ? dateTime(s.nextRunAt) : '—'}
                      </td>
                      <td className="row nowrap">
                        <button type="button" onClick={() => setEditing(s)}>
                          Edit
                        </button>
                        <DeleteButton schedule={s} onDeleted={list.reload} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {editing !== null && editing !== 'new' && (
            <ScheduleForm key={editing.id} initial={editing} destinations={destinations} onSaved={saved} onCancel={() => setEditing(null)} />
          )}
        </>
      )}
    </section>
  );
}
