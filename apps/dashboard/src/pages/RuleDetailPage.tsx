export function RuleDetailPage({ id }: { id: string }) {
  return <section><h1>{id}</h1></section>;
}
