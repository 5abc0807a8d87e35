import { Empty } from '../components/States';
import { Link } from '../router';

export function NotFoundPage() {
  return (
    <section>
      <Empty title="No such page">
        <p>
          Go to the <Link to="/">overview</Link>.
        </p>
      </Empty>
    </section>
  );
}
