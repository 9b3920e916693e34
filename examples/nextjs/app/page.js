export default function Page() {
  return <p>payrail example: the API routes are under /api.</p>;
}
