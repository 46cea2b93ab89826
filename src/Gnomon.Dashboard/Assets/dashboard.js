// Gnomon dashboard: local times, and live regions refreshed by a short poll of the page itself (no framework, nothing from the internet).
(() => {
  const pad = n => String(n).padStart(2, "0");
  const localTimes = root => {
    for (const t of root.querySelectorAll("time[datetime]")) {
      const d = new Date(t.getAttribute("datetime"));
      if (isNaN(d)) continue;
      const offset = -d.getTimezoneOffset();
      const sign = offset >= 0 ? "+" : "-";
      const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
      t.textContent = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`;
      t.title = `${t.getAttribute("datetime")} (UTC)`;
    }
  };
  localTimes(document);

  // The job editor: the next fires of the schedule being typed, from the API, and its refusal beside the field.
  const editor = document.getElementById("job-editor");
  if (editor) {
    const list = document.getElementById("preview");
    const fields = ["Cron", "TimeZone", "IntervalSeconds", "RunAt"];
    let timer;
    const preview = async () => {
      const response = await fetch("/dashboard/preview", { method: "POST", body: new FormData(editor), credentials: "same-origin" });
      if (!response.ok) return;
      const answer = await response.json();
      for (const id of fields) {
        const error = document.getElementById("error-" + id);
        const message = answer.errors?.[id] ?? "";
        if (error) { error.textContent = message; error.setAttribute("role", message ? "alert" : "status"); }
        document.getElementById(id)?.setAttribute("aria-invalid", message ? "true" : "false");
      }
      list.replaceChildren(...(answer.fires ?? []).map(at => {
        const li = document.createElement("li");
        const time = document.createElement("time");
        time.setAttribute("datetime", at);
        li.append(time);
        return li;
      }));
      localTimes(list);
    };
    for (const input of editor.querySelectorAll("[data-preview]")) {
      input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(preview, 250); });
    }
    preview();
  }

  const regions = () => [...document.querySelectorAll("[data-live-region][id]")];
  if (regions().length === 0) return;
  const every = 2000;
  const refresh = async () => {
    if (document.hidden) return;
    // A region being used (a focused link or button inside it) is left alone until focus leaves.
    const focused = document.activeElement;
    try {
      const response = await fetch(location.href, { headers: { "Accept": "text/html" }, credentials: "same-origin", cache: "no-store" });
      if (!response.ok || response.redirected) return;
      const next = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const region of regions()) {
        if (focused && region.contains(focused)) continue;
        const fresh = next.getElementById(region.id);
        if (fresh) {
          localTimes(fresh);
          region.replaceChildren(...fresh.childNodes);
        }
      }
      document.documentElement.dataset.refreshed = String(Date.now());
    } catch {
      // The node is restarting or the network is away: the next poll tries again.
    }
  };
  setInterval(refresh, every);
})();
