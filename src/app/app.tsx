// App shell placeholder until the browse view lands.
export function App() {
  return <h1>Overton</h1>;
}
