import { Empty } from '../components/States';
import { Link } from '../router';

export function AuditsPage() {
  return (
    <section>
      <h1>Audits</h1>
      <Empty title="Scheduled fleet audits are not available yet">
        <p>
          Until they are, the <Link to="/">overview</Link> shows the fleet&apos;s current findings and the <Link to="/rules">rules</Link> page lists the hosts
          each rule affects.
        </p>
      </Empty>
    </section>
  );
}
