import { render, useApp } from 'ink';
import { useEffect, useState } from 'react';
import type { PreparedSimulation } from '../simulate/prepare.js';
import { initialSettings, recompute, summarize, type ViewSettings, type ViewSummary } from '../simulate/settings.js';
import { SimulateView } from './simulate-view.js';

/** Holds the settings, re-runs the scenario when they change, and hands the figures to the view. */
function SimulateApp({ prepared }: { prepared: PreparedSimulation }) {
  const { exit } = useApp();
  const [settings, setSettings] = useState<ViewSettings>(() => initialSettings(prepared.scenario));
  const [summary, setSummary] = useState<ViewSummary>(() => summarize(prepared.doc, prepared.scenario));
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<ViewSettings | null>(null);

  useEffect(() => {
    if (!pending) return;
    // Let the "working…" frame draw before the replay, which holds the thread for a moment on big histories.
    const timer = setTimeout(() => {
      setSummary(recompute(prepared.history, prepared.scenario, prepared.options, pending));
      setBusy(false);
      setPending(null);
    }, 0);
    return () => clearTimeout(timer);
  }, [pending, prepared]);

  return (
    <SimulateView
      summary={summary}
      settings={settings}
      busy={busy}
      onChange={(next) => {
        setSettings(next);
        setBusy(true);
        setPending(next);
      }}
      onExit={() => exit()}
    />
  );
}

/** The interactive view on a terminal; resolves when the user quits. */
export async function runSimulateView(prepared: PreparedSimulation): Promise<void> {
  const app = render(<SimulateApp prepared={prepared} />);
  await app.waitUntilExit();
}
