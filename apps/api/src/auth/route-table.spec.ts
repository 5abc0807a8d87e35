import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppModule } from '../app.module';
import { routeMatcher, routeTable } from './route-table';

describe('route table', () => {
  const routes = routeTable(AppModule);
  const match = routeMatcher(routes);

  it('reads every controller of the application with its access decorators', () => {
    const find = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path);
    assert.deepEqual(find('POST', '/api/v1/agents/enroll')?.access, { kind: 'public' });
    assert.deepEqual(find('POST', '/api/v1/reports')?.access, { kind: 'agent' });
    assert.deepEqual(find('GET', '/api/v1/reports/:id')?.access, { kind: 'role', role: 'viewer' }, "the controller's role");
    assert.deepEqual(find('DELETE', '/api/v1/hosts/:id')?.access, { kind: 'role', role: 'admin' }, "the route's own role wins");
    assert.deepEqual(find('GET', '/metrics')?.access, { kind: 'metrics' });
    assert.equal(new Set(routes.map((r) => `${r.method} ${r.path}`)).size, routes.length, 'no route twice');
  });

  it('matches request paths as the router does: one segment per parameter, any case, an optional trailing slash', () => {
    assert.equal(match('POST', '/api/v1/agents/enroll')?.name, 'AgentsController.enroll');
    assert.equal(match('POST', '/API/v1/agents/enroll/')?.name, 'AgentsController.enroll');
    assert.equal(match('GET', '/api/v1/agents/enroll'), undefined, 'another method');
    assert.equal(match('POST', '/api/v1/agents/enroll/x'), undefined, 'a longer path');
    assert.equal(match('GET', '/api/v1/hosts/3f0c/reports/9a1b/facts')?.path, '/api/v1/hosts/:id/reports/:reportId/facts');
    assert.equal(match('GET', '/api/v1/hosts//reports/9a1b/facts'), undefined, 'an empty parameter');
  });
});
