// Pages such as the wall run unattended for weeks: after a network drop or a server restart they
// must come back by themselves. While the circuit is down the dialog says since when the page is
// stale; once Blazor gives up retrying, we keep probing /healthz and reload when the server answers.
const reconnectModal = document.getElementById("components-reconnect-modal");
reconnectModal.addEventListener("components-reconnect-state-changed", handleReconnectStateChanged);
document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);

const probeIntervalMs = 5000;
let probing = false;

function handleReconnectStateChanged(event) {
    const state = event.detail.state;
    if (state === "show") {
        document.getElementById("stale-since").textContent = new Date().toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
        reconnectModal.showModal();
    } else if (state === "hide") {
        reconnectModal.close();
    } else if (state === "failed") {
        probeUntilServerIsBack();
    } else if (state === "rejected") {
        location.reload();
    }
}

async function probeUntilServerIsBack() {
    if (probing) return;
    probing = true;
    while (true) {
        await new Promise(resolve => setTimeout(resolve, probeIntervalMs));
        try {
            const response = await fetch("healthz", { cache: "no-store" });
            if (response.ok) {
                probing = false;
                await retry();
                return;
            }
        } catch {
            // Still unreachable: keep probing.
        }
    }
}

async function retry() {
    try {
        // true: reconnected; false: the server is up but no longer knows this circuit.
        const successful = await Blazor.reconnect();
        if (!successful) {
            const resumed = await Blazor.resumeCircuit();
            if (!resumed) {
                location.reload();
            } else {
                reconnectModal.close();
            }
        }
    } catch {
        probeUntilServerIsBack();
    }
}

async function resume() {
    try {
        const successful = await Blazor.resumeCircuit();
        if (!successful) {
            location.reload();
        }
    } catch {
        reconnectModal.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}
