// Generated from openapi.json by scripts/gen-dashboard-types.ts (npm run dashboard:types). Do not edit.

export interface paths {
    "/api/v1/agents/enroll": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange an enroll secret for a per-host agent token
         * @description A machine that is already a host enrolls again only with an admin re-enroll grant (POST /api/v1/hosts/{id}/re-enroll-grant), which revokes the host's previous agent tokens; without one the answer is 409 and nothing changes.
         */
        post: operations["Agents_enroll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The catalogue revision and thresholds in force, for the agent's local check (agent token) */
        get: operations["Agents_rules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts/{id}/agent-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A host's agent tokens, newest first, revoked ones too; never the secret (admin) */
        get: operations["AgentTokens_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts/{id}/agent-tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an agent token of a host (admin) */
        delete: operations["AgentTokens_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts/{id}/re-enroll-grant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Let the host enroll again once before the grant expires (admin)
         * @description The next enroll of the host's machine-id uses the grant up and revokes the host's previous agent tokens. A new grant replaces an earlier one.
         */
        post: operations["AgentTokens_grant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enroll-secrets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Enroll secrets, the bootstrap one included; secrets are never shown again (admin) */
        get: operations["EnrollSecrets_list"];
        put?: never;
        /** Create an enroll secret, valid alongside the others until it expires or is revoked; shown once (admin) */
        post: operations["EnrollSecrets_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enroll-secrets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an enroll secret: enrolls with it answer 401 (admin) */
        delete: operations["EnrollSecrets_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who did what, when: admin and operator actions, newest first (admin) */
        get: operations["Activity_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Dead-letter view (admin): reports whose evaluation failed for good, with their errors, most recently failed first */
        get: operations["FailedReports_list"];
        put?: never;
        /** Post a host report (agent token). Stores it, queues evaluation; with ?wait= answers with the findings. */
        post: operations["Reports_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A report: its evaluation status and the findings it produced */
        get: operations["Reports_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-run the evaluation of a failed report (admin), under a fresh job id */
        post: operations["FailedReports_retry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is alive */
        get: operations["Health_healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ready to serve: PostgreSQL is required (503 without it); Redis down is reported as degraded */
        get: operations["Health_readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics (a viewer token unless MEMFLEET_METRICS_PUBLIC=true)
         * @description Process metrics, reports, jobs and queue depth of this process, and fleet gauges counted in PostgreSQL at most every MEMFLEET_FLEET_GAUGE_SECONDS (memfleet_hosts, memfleet_active_findings, memfleet_silenced_findings): the same on every replica, so scrape one or aggregate them with max.
         */
        get: operations["Metrics_scrape"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Hosts, filtered and sorted, with cursor pagination (retired hosts hidden unless retired=true) */
        get: operations["Hosts_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every host matching the filters of GET /api/v1/hosts, streamed as CSV or JSON */
        get: operations["Hosts_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A host: latest facts, every rule result, report history */
        get: operations["Hosts_detail"];
        put?: never;
        post?: never;
        /** Delete a host with its reports, findings and agent tokens (admin) */
        delete: operations["Hosts_remove"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Chart series of a host over a range: memory, commit, /dev/shm and Aeron usable space, online CPUs, RSS per process (downsampled) */
        get: operations["Hosts_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts/{id}/reports/{reportId}/facts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The facts of one stored report of a host (to diff two reports) */
        get: operations["Hosts_facts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hosts/{id}/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Set or remove admin labels (admin) */
        patch: operations["Hosts_labels"];
        trace?: never;
    };
    "/api/v1/hosts/{id}/retire": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retire a host now (admin): hidden from lists, totals and stale alerts, its reports and findings kept; its next report brings it back */
        post: operations["Hosts_retire"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/findings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Findings across the fleet (default: hits), filtered by severity, rule, outcome, label or host */
        get: operations["Findings_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/findings/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every finding matching the filters of GET /api/v1/findings, streamed as CSV or JSON */
        get: operations["Findings_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rule catalogue with thresholds in force and hosts affected */
        get: operations["Rules_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One rule */
        get: operations["Rules_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules/{id}/thresholds/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** How many hosts would open or close a finding under new threshold values, from stored latest reports (operator) */
        post: operations["Rules_preview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules/{id}/thresholds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change threshold values (admin); every host is re-evaluated in the background */
        put: operations["Rules_save"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Fleet totals: hosts by state, hosts with critical/warning hits, top rules by hosts affected */
        get: operations["Stats_summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats/finding-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Findings opened (by severity) and resolved per UTC day */
        get: operations["Stats_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats/distributions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How the fleet is configured: THP, overcommit, online CPUs, hypervisor, architecture, allocators in use */
        get: operations["Stats_distributions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller and its role */
        get: operations["Tokens_whoami"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API tokens (admin); secrets are never shown again */
        get: operations["Tokens_list"];
        put?: never;
        /** Create an API token with a role and an optional expiry (admin) */
        post: operations["Tokens_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token (admin) */
        delete: operations["Tokens_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How the sign-in page may sign in: whether single sign-on is configured */
        get: operations["Oidc_options"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/oidc/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Single sign-on: redirects to the OpenID Connect issuer (authorization code + PKCE) */
        get: operations["Oidc_login"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Single sign-on: the issuer redirects here; opens a session with the mapped role
         * @description On success sets the session cookie and redirects to /. On failure redirects to /?sso_error=<code>: state (no matching sign-in in this browser), denied (the issuer refused), provider (code exchange or ID token refused, e.g. a wrong PKCE verifier), no-role (no MEMFLEET_OIDC_ROLES value in the role claim), unavailable (the issuer cannot be reached).
         */
        get: operations["Oidc_callback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Open sessions, newest first (admin) */
        get: operations["Sessions_list"];
        put?: never;
        /**
         * Sign in with an API token: sets the session cookie (httpOnly, SameSite=Strict) and returns the CSRF token
         * @description The session lasts MEMFLEET_SESSION_HOURS, never beyond the token’s expiry, and ends when the token is revoked. Requests signed in by the cookie that change something must send `X-CSRF-Token`.
         */
        post: operations["Sessions_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The session of the cookie, with its CSRF token (a new tab asks for it) */
        get: operations["Sessions_current"];
        put?: never;
        post?: never;
        /** Sign out: ends the session of the cookie and clears it */
        delete: operations["Sessions_signOut"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End a session (admin) */
        delete: operations["Sessions_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/silences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Silences (active by default) */
        get: operations["Silences_list"];
        put?: never;
        /** Acknowledge a rule — fleet-wide, for one host or for hosts with labels — with a reason and an expiry (operator) */
        post: operations["Silences_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/silences/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End a silence now: its findings count again (operator) */
        delete: operations["Silences_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reevaluations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent background re-evaluations (after rule or threshold changes), newest first */
        get: operations["Reevaluations_list"];
        put?: never;
        /** Re-evaluate every host's latest report now (admin) */
        post: operations["Reevaluations_start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reevaluations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Progress of one re-evaluation */
        get: operations["Reevaluations_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audits, newest first */
        get: operations["Audits_list"];
        put?: never;
        /** Run a fleet audit now, of the whole fleet or of the hosts a label selector picks (operator); follow it at GET /api/v1/audits/{id} */
        post: operations["Audits_start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audits/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One audit: its progress while it runs, its stored summary once done */
        get: operations["Audits_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audits/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a finished audit as JSON, CSV, HTML or PDF */
        get: operations["Audits_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/destinations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Destinations (admin); secrets are never shown */
        get: operations["Destinations_list"];
        put?: never;
        /**
         * Add a destination for alerts and audits: webhook, slack, alertmanager or email (admin)
         * @description A webhook receives the JSON body [WebhookAlertPayload](#/components/schemas/WebhookAlertPayloadDto), signed with its secret.
         */
        post: operations["Destinations_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/destinations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One destination (admin) */
        get: operations["Destinations_get"];
        put?: never;
        post?: never;
        /** Remove a destination with its delivery log; audit schedules naming it no longer do (admin) */
        delete: operations["Destinations_remove"];
        options?: never;
        head?: never;
        /** Change a destination’s name, url, recipients or secret (admin) */
        patch: operations["Destinations_update"];
        trace?: never;
    };
    "/api/v1/destinations/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The delivery log of a destination, newest first: retries and dead letters with their last error (admin) */
        get: operations["Destinations_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/destinations/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test message; follow it in the delivery log (admin) */
        post: operations["Destinations_test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit schedules by name, with their next run (admin) */
        get: operations["AuditSchedules_list"];
        put?: never;
        /** Schedule a fleet audit: a cron expression in a time zone, a label scope, formats and destinations (admin) */
        post: operations["AuditSchedules_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-schedules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One audit schedule (admin) */
        get: operations["AuditSchedules_get"];
        put?: never;
        post?: never;
        /** Delete an audit schedule and its job scheduler; its audits are kept (admin) */
        delete: operations["AuditSchedules_remove"];
        options?: never;
        head?: never;
        /** Change an audit schedule; its job scheduler follows at once (admin) */
        patch: operations["AuditSchedules_update"];
        trace?: never;
    };
    "/api/v1/traces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Uploaded traces, newest first */
        get: operations["Traces_list"];
        put?: never;
        /** Upload an allocation trace (operator): the body is the trace text, plain or gzip; follow its analysis at GET /api/v1/traces/{id} */
        post: operations["Traces_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/traces/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One trace: its progress while the analysis runs, the analysis once done */
        get: operations["Traces_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inventory/runtimes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Runtimes across the active fleet by kind and version, with host and process counts (from each host's latest report) */
        get: operations["Inventory_runtimes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    webhookAlert: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The signed body memfleet POSTs to a webhook destination (alerts, audits, test messages)
         * @description Headers: `X-Memfleet-Timestamp` (Unix seconds) and `X-Memfleet-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` keyed with the destination secret. Reject a body whose signature differs or whose timestamp is more than 5 minutes off.
         */
        post: operations["Destinations_webhookAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        EnrollRequestDto: {
            /** @description Labels from `--label k=v`: at most 64, keys 1-63 of [A-Za-z0-9_.-/], values up to 256 characters. */
            labels?: {
                [key: string]: string;
            };
            /** @description The deployment's enroll secret (MEMFLEET_ENROLL_SECRET, or the one printed at first start). */
            enrollSecret: string;
            /** @description /etc/machine-id of the host. */
            machineId: string;
            /** @description DMI product UUID; tells apart clones that share a machine-id. */
            dmiProductUuid?: string | null;
            /** @description Display name only; identity is machineId + dmiProductUuid. */
            hostname: string;
        };
        EnrollResponseDto: {
            /** @description The host this token is bound to. */
            hostId: string;
            /** @description Per-host agent token (shown once; the agent stores it with mode 0600). */
            agentToken: string;
        };
        /** @description A failing field of a request. */
        FieldErrorDto: {
            /** @description JSON path of the failing field, e.g. `configuration.processes[2].pid`. */
            path: string;
            reason: string;
        };
        /** @description RFC 9457 problem details (application/problem+json). */
        ProblemDto: {
            /** @description A URI naming the kind of problem, stable across versions. */
            type: string;
            title: string;
            status: number;
            detail?: string;
            /** @description The request path. */
            instance?: string;
            /** @description Matches the `reqId` of the server's log lines. */
            requestId?: string;
            /** @description Every failing field, for validation errors. */
            errors?: components["schemas"]["FieldErrorDto"][];
            /** @description On host-already-enrolled: the host this machine is enrolled as. */
            hostId?: string;
            /** @description On configuration-required: the hash of the configuration the server does not hold for the host. */
            configurationHash?: string;
            /** @description On an unknown schemaVersion. */
            supportedSchemaVersions?: number[];
        };
        AgentRulesDto: {
            /**
             * @description Rule id → threshold name → the value in force (the admin's override, else the default).
             * @example {
             *       "allocator-fragmentation": {
             *         "warningRatio": 1.5,
             *         "criticalRatio": 2,
             *         "minResidentBytes": 268435456
             *       }
             *     }
             */
            thresholds: {
                [key: string]: {
                    [key: string]: number;
                };
            };
            /** @description The server's rule catalogue revision; an agent with another revision evaluates other rules. */
            catalogueRevision: string;
        };
        AgentTokenDto: {
            id: string;
            createdAt: string;
            /** @description The last use, to within 10 minutes: a use less than 10 minutes after the recorded one is not written. */
            lastUsedAt: string | null;
            /** @description Set once revoked (by an admin, or by a re-enroll of the host). */
            revokedAt: string | null;
        };
        ReenrollGrantRequestDto: {
            /**
             * Format: date-time
             * @description When the grant lapses if unused (RFC 3339, at most 7 days ahead); default one hour from now.
             */
            expiresAt?: string;
        };
        ReenrollGrantDto: {
            hostId: string;
            createdAt: string;
            createdBy: string | null;
            /** @description The host's machine may enroll again once before this. */
            expiresAt: string;
        };
        EnrollSecretDto: {
            /**
             * @description `bootstrap`: MEMFLEET_ENROLL_SECRET or the one generated at first start; `api`: created here.
             * @enum {string}
             */
            origin: "bootstrap" | "api";
            id: string;
            name: string;
            createdAt: string;
            createdBy: string | null;
            expiresAt: string | null;
            lastUsedAt: string | null;
            revokedAt: string | null;
            /** @description Accepted by enroll now: neither revoked nor expired. */
            active: boolean;
        };
        CreateEnrollSecretDto: {
            /**
             * Format: date-time
             * @description When it stops being accepted (RFC 3339, at most 10 years ahead); without it, until revoked.
             */
            expiresAt?: string;
            /** @description What it is for, e.g. "rollout-2026-q1". */
            name: string;
        };
        CreatedEnrollSecretDto: {
            /**
             * @description `bootstrap`: MEMFLEET_ENROLL_SECRET or the one generated at first start; `api`: created here.
             * @enum {string}
             */
            origin: "bootstrap" | "api";
            id: string;
            name: string;
            createdAt: string;
            createdBy: string | null;
            expiresAt: string | null;
            lastUsedAt: string | null;
            revokedAt: string | null;
            /** @description Accepted by enroll now: neither revoked nor expired. */
            active: boolean;
            /** @description Shown once; only its hash is stored. */
            secret: string;
        };
        ActivityDto: {
            /**
             * @description The actor's role when it acted.
             * @enum {string}
             */
            actorRole: "viewer" | "operator" | "admin" | "agent";
            /** @enum {string} */
            action: "silence.created" | "silence.revoked" | "thresholds.changed" | "token.created" | "token.revoked" | "session.revoked" | "enroll-secret.created" | "enroll-secret.revoked" | "agent-token.revoked" | "re-enroll-grant.created" | "host.labels-changed" | "host.deleted" | "host.retired" | "reevaluation.started" | "report.retried" | "audit-schedule.created" | "audit-schedule.updated" | "audit-schedule.deleted" | "destination.created" | "destination.updated" | "destination.deleted" | "destination.tested" | "audit.run" | "trace.uploaded";
            /** @enum {string} */
            targetType: "silence" | "rule" | "token" | "session" | "enroll-secret" | "agent-token" | "host" | "reevaluation" | "report" | "audit-schedule" | "destination" | "audit" | "trace";
            /** @description What changed (e.g. `{ old, new }` of thresholds or labels); never a secret or token value. */
            details: {
                [key: string]: unknown;
            };
            /** @description Increasing with each entry recorded. */
            id: string;
            at: string;
            /** @description Who: the API token's name (`agent:<hostId>` for an agent). */
            actor: string;
            targetId: string | null;
        };
        ActivityPageDto: {
            items: components["schemas"]["ActivityDto"][];
            nextCursor: string | null;
            total: number;
        };
        ReportDto: {
            /** @constant */
            schemaVersion: 3;
            /** @description Strictly increasing per agent instance (agent.instanceId); at most 1,000,000 ahead of the instance's latest stored report. */
            sequence: number;
            /**
             * Format: date-time
             * @description When the agent collected the facts: from 2000-01-01T00:00:00Z to 24 hours after the server's clock, UTC offset within ±14:00, no leap second (:60).
             */
            collectedAt: string;
            /** @description How often this agent reports; stale = missed two intervals. */
            intervalSeconds: number;
            agent: {
                version: string;
                /** @description A UUID the agent created with its state directory and keeps there. `sequence` orders reports within one instance; a report of another instance starts a new order (a wiped state directory counts from 1 again). Absent: the host's reports are one instance. */
                instanceId?: string;
                /** @description Collectors that ran with the access they need, e.g. proc-environ, kmsg, envoy-admin. */
                capabilities: string[];
                spool?: {
                    /** @description Reports waiting in the on-disk spool when this one was collected. */
                    pending: number;
                    /** @description Reports dropped (oldest first) because the spool was full, since the state dir was created. */
                    dropped: number;
                    /** @description Reports the server refused permanently (400/413/422). */
                    rejected: number;
                };
            };
            identity: {
                machineId: string;
                dmiProductUuid?: string | null;
            };
            labels: {
                [key: string]: string;
            };
            configuration?: components["schemas"]["ConfigurationDto"];
            metrics: components["schemas"]["MetricsDto"];
            collectionErrors: {
                /** @description The file or probe, e.g. /proc/1234/environ. */
                source: string;
                /** @description The fact left null, e.g. processes[3].env. */
                fact?: string;
                error: string;
            }[];
            /** @description Total errors, when the list was truncated. */
            collectionErrorCount?: number;
            /** @description Lowercase hex SHA-256 of the configuration in canonical JSON (keys sorted, see libs/contracts configurationHash). Without `configuration`, the server stores the report against the configuration it holds under this hash for the host, or answers 409 configuration-required. */
            configurationHash: string;
        };
        /** @description One number or setting a rule compared. */
        EvidenceDto: {
            key: string;
            label: string;
            value: number | string | boolean | null;
            /** @enum {string} */
            unit: "bytes" | "count" | "cpus" | "seconds" | "ratio" | "bits" | "percent" | "bytes/s" | "bytes/h" | "flag" | "text";
        };
        RemediationDto: {
            /** @description Stable across rule versions, e.g. `envoy.set-concurrency`; audits rank fixes by it. */
            key: string;
            title: string;
            /** @description Rendered with the host's own values. */
            text: string;
            commands?: string[];
            source?: string;
            /**
             * @description fixes: removes this host's cause on its own; mitigates: lowers the risk or buys time, the cause stays; diagnoses: finds the cause, changes nothing on the host.
             * @enum {string}
             */
            effect: "fixes" | "mitigates" | "diagnoses";
            /** @description A command holds a part the agent does not know, in capitals (UNIT); the text says what to put there. */
            template?: boolean;
        };
        MissingFactDto: {
            fact: string;
            /** @description What would supply it: an agent capability or a runtimes.d declaration. */
            suppliedBy: string;
        };
        /** @description What a rule returns for one subject. */
        FindingResultDto: {
            ruleId: string;
            ruleVersion: number;
            /** @description Stable process key; empty for host-level rules. */
            subject: string;
            /** @enum {string} */
            outcome: "hit" | "pass" | "not-applicable" | "not-evaluated";
            severity: ("critical" | "warning" | "info") | null;
            summary: string;
            evidence: components["schemas"]["EvidenceDto"][];
            remediation: components["schemas"]["RemediationDto"][];
            /** @description Facts the rule needed and did not get (outcome not-evaluated). */
            missing?: components["schemas"]["MissingFactDto"][];
            /** @description An active silence covers it. */
            silenced?: boolean;
        };
        ReportAcceptedDto: {
            /** @enum {string} */
            status: "queued" | "evaluated" | "failed" | "superseded" | "settled";
            reportId: string;
            /** @description Whether the configuration part differed from the host's stored ones. */
            configurationChanged?: boolean;
            /**
             * @description The hash of the configuration the server now holds for this host's report: an agent may leave the
             *     configuration out of its next report while its configuration hashes the same. Version 2 reports are held
             *     under the hash of their configuration's text, version 3 under `configurationHash`.
             */
            configurationHash: string;
            /** @description Present when status is evaluated. */
            findings?: components["schemas"]["FindingResultDto"][];
        };
        ReportDetailDto: {
            /** @enum {string} */
            status: "queued" | "evaluated" | "failed" | "superseded" | "settled";
            id: string;
            hostId: string;
            /** @description The agent instance that sent it (agent.instanceId); null for agents that do not send one. */
            instanceId: string | null;
            sequence: number;
            collectedAt: string;
            receivedAt: string;
            attempts: number;
            /** @description Re-runs started with POST /api/v1/reports/:id/retry after it failed. */
            retries: number;
            /** @description Why evaluation failed (status failed). */
            error: string | null;
            failedAt: string | null;
            evaluatedAt: string | null;
            catalogueRevision: string | null;
            configHash: string;
            /** @description The host's findings as of its latest evaluation (all outcomes). */
            findings: components["schemas"]["FindingResultDto"][];
        };
        FailedReportDto: {
            id: string;
            hostId: string;
            hostname: string;
            /** @description The agent instance that sent it; null for agents that do not send one. */
            instanceId: string | null;
            sequence: number;
            collectedAt: string;
            receivedAt: string;
            /** @description When it was marked failed (after the last attempt, or when the queue gave up on its job). */
            failedAt: string | null;
            /** @description Evaluation attempts whose write was stored (failed attempts roll back, so usually 0). */
            attempts: number;
            /** @description Re-runs started with POST /api/v1/reports/:id/retry. */
            retries: number;
            /** @description Why evaluation failed. */
            error: string | null;
        };
        FailedReportPageDto: {
            items: components["schemas"]["FailedReportDto"][];
            nextCursor: string | null;
        };
        ReportRetryDto: {
            reportId: string;
            /** @description `queued`: evaluation runs again under a fresh job id. */
            status: string;
            retries: number;
        };
        ReadinessDto: Record<string, never>;
        FindingCountsDto: {
            critical: number;
            warning: number;
            info: number;
        };
        HostSummaryDto: {
            id: string;
            hostname: string;
            machineId: string;
            labels: {
                [key: string]: string;
            };
            lastSeenAt: string | null;
            intervalSeconds: number;
            /** @description No report for two intervals. */
            stale: boolean;
            retiredAt: string | null;
            agentVersion: string | null;
            architecture: string | null;
            hypervisor: string | null;
            kernelRelease: string | null;
            thpEnabled: string | null;
            overcommitMemory: number | null;
            cpuOnlineCount: number | null;
            memTotalBytes: number | null;
            /** @description Active hits by severity (silenced ones excluded). */
            findingCounts: components["schemas"]["FindingCountsDto"];
        };
        HostPageDto: {
            items: components["schemas"]["HostSummaryDto"][];
            nextCursor: string | null;
            /** @description Hosts matching the filters, over all pages. */
            total: number;
        };
        ConfigurationDto: {
            host: {
                hostname: string;
                kernelRelease?: string | null;
                architecture?: string | null;
                bootId?: string | null;
                bootTimeEpochSeconds?: number | null;
                containerized?: boolean | null;
                /** @description IP addresses of the host's interfaces, sorted (loopback and IPv6 link-local left out); hosts search ip:. */
                addresses?: string[];
            };
            memory: {
                memTotalBytes?: number | null;
                swapTotalBytes?: number | null;
                hugePagesTotal?: number | null;
                hugePageSizeBytes?: number | null;
                pageSizeBytes?: number | null;
            };
            thp: {
                enabled?: ("always" | "madvise" | "never") | null;
                defrag?: string | null;
            };
            vm: {
                overcommitMemory?: (0 | 1 | 2) | null;
                overcommitRatio?: number | null;
                overcommitKbytes?: number | null;
                maxMapCount?: number | null;
            };
            cpu: {
                possible?: string | null;
                present?: string | null;
                online?: string | null;
                offline?: string | null;
                possibleCount?: number | null;
                presentCount?: number | null;
                onlineCount?: number | null;
                onlineHasGaps?: boolean | null;
                model?: string | null;
                cgroupCpuLimitCores?: number | null;
                virtualAddressBits?: number | null;
                userVirtualAddressBits?: number | null;
                virtualAddressBitsSource?: ("cpuinfo" | "kernel-config" | "maps") | null;
            };
            virtualization: {
                hypervisorFlag?: boolean | null;
                sysVendor?: string | null;
                productName?: string | null;
                hypervisorType?: string | null;
                clocksource?: string | null;
                kvmAccelerated?: boolean | null;
                qemuEmulated?: boolean | null;
                /** @description Registered qemu-* binfmt_misc handlers. */
                qemuUserBinfmt?: string[];
                hypervisor?: string | null;
            };
            cgroup?: {
                version?: (1 | 2) | null;
                path?: string | null;
                memoryMaxBytes?: number | null;
                memoryHighBytes?: number | null;
                cpuLimitCores?: number | null;
            };
            /** @description /dev/shm and every tmpfs mount (from /proc/1/mounts). */
            mounts: {
                mountPoint: string;
                fsType: string;
                sizeOption?: string | null;
            }[];
            processes: {
                /** @description Stable process key: kind:exe (the name it was started by), @container, and for Envoy #config; processes sharing that are told apart by :port, #config file or main class, @systemd unit, else ~N (never by pid). */
                subject: string;
                /** @description running: seen in /proc; configured: a systemd unit names it but it is not running; declared: from runtimes.d. */
                state: "running" | "configured" | "declared";
                exe?: string | null;
                cmdline?: string | null;
                containerId?: string | null;
                systemdUnit?: string | null;
                rlimitAsBytes?: number | null;
                cgroup?: {
                    version?: (1 | 2) | null;
                    path?: string | null;
                    memoryMaxBytes?: number | null;
                    memoryHighBytes?: number | null;
                    cpuLimitCores?: number | null;
                };
                cpusAllowedList?: string | null;
                cpusAllowedCount?: number | null;
                allocator?: ("glibc" | "jemalloc" | "tcmalloc-gperftools" | "tcmalloc-google" | "mimalloc" | "static/unknown") | null;
                emulator?: string | null;
                declaredBy?: string | null;
                /** @description Allow-listed environment only. */
                env?: {
                    [key: string]: string;
                };
                runtimes: {
                    kind: "spin" | "wasmtime" | "envoy" | "aeron" | "redis" | "mongodb" | "elasticsearch" | "jvm" | "skynet" | "lua";
                    version?: string | null;
                    versionSource?: ("binary" | "release-file" | "declared" | "info") | null;
                    spin?: {
                        /** @description --disable-pooling on the command line. */
                        disablePoolingFlag: boolean;
                        poolingEnv?: string | null;
                        maxInstanceCount?: number | null;
                        totalMemories?: number | null;
                        totalStacks?: number | null;
                        instanceCount?: number | null;
                        wasmtimePoolingFlag?: boolean | null;
                    };
                    envoy?: {
                        concurrencyFlag?: number | null;
                        /** @description --cpuset-threads on the command line. */
                        cpusetThreads: boolean;
                        gatewayConcurrencyEnv?: number | null;
                        configPath?: string | null;
                        wasmPluginCount?: number | null;
                        wasmPluginSource?: ("config" | "declared" | "admin-stats") | null;
                        tcmallocBuild?: ("google" | "gperftools") | null;
                        higressImageTag?: string | null;
                    };
                    aeron?: {
                        role: "driver" | "client";
                        dir?: string | null;
                        termBufferLengthBytes?: number | null;
                        ipcTermBufferLengthBytes?: number | null;
                        uriTermLengthsBytes?: number[];
                        filePageSizeBytes?: number | null;
                        lowStorageWarningThresholdBytes?: number | null;
                        performStorageChecks?: boolean | null;
                    };
                    jvm?: {
                        javaVersion?: string | null;
                        javaHome?: string | null;
                        maxHeapBytes?: number | null;
                        maxRamPercentage?: number | null;
                        useContainerSupport?: boolean | null;
                    };
                }[];
            }[];
        };
        MetricsDto: {
            uptimeSeconds?: number | null;
            memAvailableBytes?: number | null;
            memFreeBytes?: number | null;
            swapFreeBytes?: number | null;
            commitLimitBytes?: number | null;
            committedAsBytes?: number | null;
            hugePagesFree?: number | null;
            filesystems: {
                /** @description Host path, or for a process view "<subject>:<path inside its root>". */
                mountPoint: string;
                blockSizeBytes?: number | null;
                totalBytes?: number | null;
                freeBytes?: number | null;
                availableBytes?: number | null;
                inodesTotal?: number | null;
                inodesFree?: number | null;
            }[];
            cpuHotplug?: {
                events: {
                    cpu?: number | null;
                    action: "online" | "offline" | "hot-added" | "allowing";
                    atSecondsSinceBoot: number;
                    bootId?: string | null;
                    source: "sample" | "kmsg" | "log-file";
                    detail?: string;
                }[];
                windowStartSecondsSinceBoot?: number | null;
                windowEndSecondsSinceBoot?: number | null;
                allowingCpus?: number | null;
                allowingHotplugCpus?: number | null;
            } | null;
            processes: {
                subject: string;
                rssBytes?: number | null;
                threads?: number | null;
                arena64MiBCount?: number | null;
                allocatorStats?: {
                    /** @description What the program counts as in use (Redis used_memory, skynet allocated). */
                    allocatedBytes: number;
                    /** @description What the OS holds for it (Redis used_memory_rss, RSS). */
                    residentBytes: number;
                    source: "redis-info" | "declared" | "trace";
                    allocatorName?: string | null;
                } | null;
                aeronDir?: {
                    /** @description aeron.dir as the process sees it, under /proc/<pid>/root. */
                    resolvedPath: string;
                    exists: boolean;
                    readable: boolean;
                    logBufferCount?: number | null;
                    logBufferBytes?: number | null;
                    usage?: {
                        /** @description Host path, or for a process view "<subject>:<path inside its root>". */
                        mountPoint: string;
                        blockSizeBytes?: number | null;
                        totalBytes?: number | null;
                        freeBytes?: number | null;
                        availableBytes?: number | null;
                        inodesTotal?: number | null;
                        inodesFree?: number | null;
                    } | null;
                } | null;
                envoyAdmin?: {
                    serverConcurrency?: number | null;
                    wasmV8Active?: number | null;
                } | null;
                pid?: number | null;
                startTimeSecondsSinceBoot?: number | null;
            }[];
        };
        LatestReportDto: {
            id: string;
            sequence: number;
            collectedAt: string;
            status: string;
        };
        FindingSilenceDto: {
            id: string;
            reason: string;
            /** @description Who created the silence (the API token's name). */
            author: string;
            expiresAt: string;
        };
        FindingDto: {
            ruleId: string;
            ruleVersion: number;
            /** @description Stable process key; empty for host-level rules. */
            subject: string;
            /** @enum {string} */
            outcome: "hit" | "pass" | "not-applicable" | "not-evaluated";
            severity: ("critical" | "warning" | "info") | null;
            summary: string;
            evidence: components["schemas"]["EvidenceDto"][];
            remediation: components["schemas"]["RemediationDto"][];
            /** @description Facts the rule needed and did not get (outcome not-evaluated). */
            missing: components["schemas"]["MissingFactDto"][];
            /** @description Thresholds the rule used for this result. */
            thresholds: {
                [key: string]: number;
            };
            /** @description The active silence covering it (of several, the one that ends last); null when not silenced. */
            silence: components["schemas"]["FindingSilenceDto"] | null;
            id: string;
            hostId: string;
            hostname: string;
            firstSeenAt: string;
            /** @description The last evaluation that produced this result; while a result stays the same it is refreshed at least hourly. */
            lastSeenAt: string;
            /** @description When the current hit began. */
            openedAt: string | null;
            resolvedAt: string | null;
            /** @description An active silence covers it: recorded, but left out of totals. */
            silenced: boolean;
        };
        HistoryEntryDto: {
            reportId: string;
            sequence: number;
            collectedAt: string;
            receivedAt: string;
            status: string;
            configHash: string;
        };
        HostDetailDto: {
            /** @description Configuration facts of the latest report. */
            configuration: components["schemas"]["ConfigurationDto"] | null;
            /** @description Volatile metrics of the latest report. */
            latestMetrics: components["schemas"]["MetricsDto"] | null;
            host: components["schemas"]["HostSummaryDto"];
            configHash: string | null;
            latestReport: components["schemas"]["LatestReportDto"] | null;
            /** @description Every rule's latest result for this host, all outcomes. */
            findings: components["schemas"]["FindingDto"][];
            /** @description Newest first, at most 50. */
            history: components["schemas"]["HistoryEntryDto"][];
        };
        HistoryPointDto: {
            /** @description When the agent collected the sample this point is. */
            collectedAt: string;
            sequence: number;
            memAvailableBytes: number | null;
            committedAsBytes: number | null;
            commitLimitBytes: number | null;
            /** @description Usable space (f_bavail) of /dev/shm. */
            shmAvailableBytes: number | null;
            cpuOnlineCount: number | null;
        };
        HistorySeriesDto: {
            /** @description One value per point, in the order of `points`; null where that sample lacks it. */
            values: (number | null)[];
            /** @description The process subject (for an Aeron directory, the process that uses it). */
            subject: string;
        };
        HostHistoryDto: {
            /** @enum {string} */
            range: "6h" | "24h" | "7d" | "14d";
            /** @description Start of the range (exclusive): the slice boundary at or just after now less the range. */
            from: string;
            /** @description Now, or the newest sample's time when an agent clock runs ahead. */
            to: string;
            /** @description Each point is the newest sample of one slice of this many seconds. */
            bucketSeconds: number;
            /** @description How many days of samples the server keeps (MEMFLEET_HISTORY_DAYS); older ranges come back shorter. */
            historyDays: number;
            /** @description Oldest first, at most one per bucket. */
            points: components["schemas"]["HistoryPointDto"][];
            /** @description RSS per process, largest peak first; at most 50 (plus the one asked for by `process`). */
            processes: components["schemas"]["HistorySeriesDto"][];
            /** @description Processes that had RSS in the range but were left out of `processes`. */
            processesOmitted: number;
            /** @description Usable bytes (f_bavail) of each process's aeron.dir as that process sees it. */
            aeronDirs: components["schemas"]["HistorySeriesDto"][];
        };
        ReportFactsDto: {
            reportId: string;
            sequence: number;
            collectedAt: string;
            configuration: components["schemas"]["ConfigurationDto"];
            metrics: components["schemas"]["MetricsDto"];
        };
        UpdateLabelsDto: {
            /** @description Admin labels to set; a null value removes the admin label. Agent labels are overlaid by these. */
            labels: {
                [key: string]: unknown;
            };
        };
        FindingPageDto: {
            items: components["schemas"]["FindingDto"][];
            nextCursor: string | null;
            total: number;
        };
        RuleSourceDto: {
            title: string;
            url: string;
        };
        RuleRemediationDto: {
            /**
             * @description What the step does for the cause the rule finds, as every rendered step of this key says.
             * @enum {string}
             */
            effect: "fixes" | "mitigates" | "diagnoses";
            key: string;
            source: string;
        };
        RuleThresholdDto: {
            name: string;
            default: number;
            /** @description In force: the admin's override, else the default. */
            value: number;
            unit: string;
            description: string;
        };
        SeverityCountsDto: {
            critical: number;
            warning: number;
            info: number;
        };
        RuleDto: {
            /** @enum {string} */
            appliesTo: "host" | "process";
            id: string;
            version: number;
            title: string;
            /** @description Rendered with the thresholds in force (an admin's override, else the default). */
            explanation: string;
            /** @description When the rule hits and at what severity, quoting the thresholds in force. */
            severityLogic: string;
            facts: string[];
            /** @description The typed facts (keys of the rule engine's facts) the rule declares and reads; evaluation hands it no others. */
            inputs: string[];
            sources: components["schemas"]["RuleSourceDto"][];
            remediationKeys: string[];
            /** @description The steps the rule can offer, in the order of `remediationKeys`. */
            remediations: components["schemas"]["RuleRemediationDto"][];
            thresholds: components["schemas"]["RuleThresholdDto"][];
            /** @description Hosts with an active hit, by severity. */
            hostsAffected: components["schemas"]["SeverityCountsDto"];
        };
        RuleListDto: {
            items: components["schemas"]["RuleDto"][];
            /** @description Changes whenever a rule or default threshold changes. */
            catalogueRevision: string;
        };
        ThresholdValuesDto: {
            /**
             * @description Threshold name → new value; names and units as GET /api/v1/rules lists them.
             * @example {
             *       "warningVms": 300
             *     }
             */
            values: {
                [key: string]: number;
            };
        };
        ThresholdPreviewDto: {
            /** @description The thresholds the preview applied. */
            thresholds: {
                [key: string]: number;
            };
            ruleId: string;
            hostsEvaluated: number;
            /** @description Findings (host × subject) with no hit now that would get one. */
            wouldOpen: number;
            /** @description Findings (host × subject) with a hit now that would lose it, also on a host that keeps other hits. */
            wouldClose: number;
            /** @description Findings (host × subject) that keep their hit at another severity. */
            wouldChangeSeverity: number;
        };
        ThresholdsSavedDto: {
            thresholds: {
                [key: string]: number;
            };
            ruleId: string;
            /** @description The background re-evaluation that moves findings to the new values (GET /api/v1/reevaluations/:id). */
            reevaluationId: string;
        };
        HostCountsDto: {
            /** @description Hosts not retired. */
            total: number;
            /** @description Reported within two intervals. */
            reporting: number;
            /** @description Missed two intervals. */
            stale: number;
            retired: number;
        };
        TopRuleDto: {
            ruleId: string;
            title: string;
            /** @description Hosts with an active (unsilenced) hit of this rule. */
            hosts: number;
            /** @description Hosts with an active critical hit of this rule (a host with hits of two severities counts in both). */
            critical: number;
            /** @description Hosts with an active warning hit of this rule. */
            warning: number;
            /** @description Hosts with an active info hit of this rule. */
            info: number;
        };
        SummaryDto: {
            hosts: components["schemas"]["HostCountsDto"];
            hostsWithCritical: number;
            hostsWithWarning: number;
            /** @description Active (unsilenced) hits by severity. */
            findings: components["schemas"]["SeverityCountsDto"];
            /** @description Silenced hits by severity: left out of `findings` and of the host counts. */
            silenced: components["schemas"]["SeverityCountsDto"];
            topRules: components["schemas"]["TopRuleDto"][];
        };
        EscalationCountsDto: {
            /** @description Hits that became critical (from warning or info). */
            critical: number;
            /** @description Hits that became warning from info. */
            warning: number;
        };
        EventBucketDto: {
            /** @description UTC day, YYYY-MM-DD. */
            day: string;
            opened: components["schemas"]["SeverityCountsDto"];
            /** @description Open hits whose severity rose: counted by the severity they reached. */
            escalated: components["schemas"]["EscalationCountsDto"];
            /** @description Open hits whose severity fell (critical → warning, warning → info). */
            deescalated: number;
            resolved: number;
        };
        FindingEventsDto: {
            days: number;
            buckets: components["schemas"]["EventBucketDto"][];
        };
        DistributionEntryDto: {
            /** @description The fact's value; null: unknown. */
            value: string | number | null;
            hosts: number;
        };
        AllocatorEntryDto: {
            value: string | null;
            processes: number;
        };
        DistributionsDto: {
            thpEnabled: components["schemas"]["DistributionEntryDto"][];
            overcommitMemory: components["schemas"]["DistributionEntryDto"][];
            cpuOnlineCount: components["schemas"]["DistributionEntryDto"][];
            hypervisor: components["schemas"]["DistributionEntryDto"][];
            architecture: components["schemas"]["DistributionEntryDto"][];
            allocator: components["schemas"]["AllocatorEntryDto"][];
        };
        WhoAmIDto: {
            /** @enum {string} */
            kind: "api" | "agent";
            /** @enum {string} */
            role: "viewer" | "operator" | "admin";
            name: string;
        };
        TokenDto: {
            /** @enum {string} */
            role: "viewer" | "operator" | "admin";
            id: string;
            name: string;
            createdAt: string;
            createdBy: string | null;
            lastUsedAt: string | null;
            revokedAt: string | null;
            /** @description Null: never expires. */
            expiresAt: string | null;
        };
        CreateTokenDto: {
            /** @enum {string} */
            role: "viewer" | "operator" | "admin";
            /**
             * Format: date-time
             * @description When the token stops working (RFC 3339, in the future, at most 10 years ahead); omitted: never.
             */
            expiresAt?: string;
            /** @description Who or what uses it, e.g. "grafana" or "alice". */
            name: string;
        };
        CreatedTokenDto: {
            /** @enum {string} */
            role: "viewer" | "operator" | "admin";
            id: string;
            name: string;
            /** @description Shown once; only its hash is stored. */
            token: string;
            expiresAt: string | null;
        };
        SignInOptionsDto: {
            /** @description Whether single sign-on is configured: the sign-in page then offers it at `ssoUrl`. */
            sso: boolean;
            /** @description Where the browser goes to sign in with single sign-on; null when it is not configured. */
            ssoUrl: string | null;
        };
        CreateSessionDto: {
            /** @description The API token to sign in with (viewer, operator or admin); only the session cookie is kept by the browser. */
            token: string;
        };
        CurrentSessionDto: {
            /**
             * @description How the session was signed in: with an API token, or through single sign-on.
             * @enum {string}
             */
            via: "token" | "oidc";
            /** @enum {string} */
            role: "viewer" | "operator" | "admin";
            /** @description Send as the X-CSRF-Token header on every request that changes something. */
            csrfToken: string;
            id: string;
            /** @description The API token signed in with (the session ends with it); null for single sign-on. */
            tokenId: string | null;
            /** @description The token's name, or the single sign-on user. */
            name: string;
            expiresAt: string;
        };
        SessionListItemDto: {
            /**
             * @description How the session was signed in: with an API token, or through single sign-on.
             * @enum {string}
             */
            via: "token" | "oidc";
            /** @enum {string} */
            role: "viewer" | "operator" | "admin";
            /** @description The single sign-on subject; null for a token session. */
            subject: string | null;
            createdAt: string;
            lastUsedAt: string | null;
            id: string;
            /** @description The API token signed in with (the session ends with it); null for single sign-on. */
            tokenId: string | null;
            /** @description The token's name, or the single sign-on user. */
            name: string;
            expiresAt: string;
        };
        CreateSilenceDto: {
            /**
             * Format: date-time
             * @description When it ends (RFC 3339, from 2000 to year 9999, offset within ±14:00); give this or durationHours.
             */
            expiresAt?: string;
            /** @description The rule whose findings are acknowledged. */
            ruleId: string;
            /**
             * Format: uuid
             * @description Only this host (else every host, or those matching `labels`).
             */
            hostId?: string;
            /** @description Only hosts carrying all these labels. */
            labels?: {
                [key: string]: string;
            };
            /** @description Why, for whoever reads it later. */
            reason: string;
            /** @description How long it lasts (1 hour to 365 days). */
            durationHours?: number;
        };
        SilenceDto: {
            labels: {
                [key: string]: string;
            } | null;
            id: string;
            ruleId: string;
            hostId: string | null;
            reason: string;
            author: string;
            createdAt: string;
            expiresAt: string;
            revokedAt: string | null;
            active: boolean;
            /** @description Findings it currently covers. */
            findingsCovered: number;
        };
        ReevaluationDto: {
            id: string;
            catalogueRevision: string;
            /** @description Why it runs, in words; a threshold change names each value old → new ("warningVms 256 → 100"). */
            reason: string;
            /** @description Hosts to re-evaluate. */
            total: number;
            done: number;
            failed: number;
            createdAt: string;
            /** @description null while running. */
            finishedAt: string | null;
        };
        StartReevaluationDto: {
            /** @description Why (kept with the run). */
            reason: string;
        };
        /** @description What a fleet audit found, stored whole when it ran. */
        AuditSummaryDto: {
            /**
             * Format: date-time
             * @description The moment the snapshot describes.
             */
            generatedAt: string;
            /** @description Label selector the audit was limited to; {} = the whole fleet. */
            scope: {
                [key: string]: string;
            };
            previousAuditId: string | null;
            fleet: {
                total: number;
                reporting: number;
                stale: number;
                retired: number;
            };
            /** @description Facts some rule needs that these hosts never send, and what would supply them. */
            notEvaluated: {
                fact: string;
                suppliedBy: string;
                ruleIds: string[];
                hosts: number;
            }[];
            findings: {
                totals: {
                    critical: number;
                    warning: number;
                    info: number;
                    silenced: number;
                    hosts: number;
                };
                byRule: {
                    ruleId: string;
                    title: string;
                    critical: number;
                    warning: number;
                    info: number;
                    silenced: number;
                    /** @description Hosts with an unsilenced hit. */
                    hosts: number;
                }[];
            };
            /** @description Silenced hits, with the silence that covers each. */
            silenced: {
                total: number;
                items: {
                    /** Format: uuid */
                    hostId: string;
                    hostname: string;
                    ruleId: string;
                    subject: string;
                    /** @enum {string} */
                    severity: "critical" | "warning" | "info";
                    reason: string;
                    author: string;
                    /** Format: date-time */
                    expiresAt: string;
                }[];
            };
            changes: {
                /**
                 * Format: date-time
                 * @description generatedAt of the previous audit.
                 */
                since: string;
                /** @description Hits not in the previous audit. */
                opened: {
                    total: number;
                    items: {
                        /** Format: uuid */
                        hostId: string;
                        hostname: string;
                        ruleId: string;
                        subject: string;
                        /** @enum {string} */
                        severity: "critical" | "warning" | "info";
                        previousSeverity?: ("critical" | "warning" | "info") | null;
                    }[];
                };
                /** @description Hits of the previous audit that are gone. */
                resolved: {
                    total: number;
                    items: {
                        /** Format: uuid */
                        hostId: string;
                        hostname: string;
                        ruleId: string;
                        subject: string;
                        /** @enum {string} */
                        severity: "critical" | "warning" | "info";
                        previousSeverity?: ("critical" | "warning" | "info") | null;
                    }[];
                };
                /** @description Hits that were warning and are critical. */
                escalated: {
                    total: number;
                    items: {
                        /** Format: uuid */
                        hostId: string;
                        hostname: string;
                        ruleId: string;
                        subject: string;
                        /** @enum {string} */
                        severity: "critical" | "warning" | "info";
                        previousSeverity?: ("critical" | "warning" | "info") | null;
                    }[];
                };
                /** @description Hosts first seen since. */
                hostsAppeared: {
                    total: number;
                    items: {
                        /** Format: uuid */
                        hostId: string;
                        hostname: string;
                    }[];
                };
                /** @description Hosts that went stale since. */
                hostsStale: {
                    total: number;
                    items: {
                        /** Format: uuid */
                        hostId: string;
                        hostname: string;
                    }[];
                };
            } | null;
            /** @description Per key and effect: the steps that fix first, each ranked by how many hosts it applies to. */
            remediations: {
                key: string;
                title: string;
                effect?: ("fixes" | "mitigates" | "diagnoses") | null;
                ruleIds: string[];
                /** @description Hosts it applies to. */
                hosts: {
                    total: number;
                    items: {
                        /** Format: uuid */
                        hostId: string;
                        hostname: string;
                        subject: string;
                        text: string;
                    }[];
                };
            }[];
            /** @description One section per failure pattern (rule). */
            patterns: {
                ruleId: string;
                title: string;
                /** @description The key numbers in words, e.g. "12 gateways at risk of Wasm VM explosion; worst: 2,304 VMs on gw-17". */
                headline: string;
                /** @description The hosts most at risk, worst first. */
                hosts: {
                    total: number;
                    items: {
                        /** Format: uuid */
                        hostId: string;
                        hostname: string;
                        subject: string;
                        /** @enum {string} */
                        severity: "critical" | "warning" | "info";
                        summary: string;
                    }[];
                };
            }[];
            timeToFix: {
                ruleId: string;
                /** @description Hits resolved, counted from finding events. */
                resolved: number;
                medianSeconds: number | null;
                p90Seconds: number | null;
            }[];
            recurrence: {
                ruleId: string;
                /** @description Findings that resolved and opened again within 30 days. */
                recurred: number;
                resolved: number;
            }[];
        };
        /** @description A fleet audit as exported with ?format=json. */
        AuditDocumentDto: {
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            createdAt: string;
            /** @description A token's name, or `schedule:<name>`. */
            requestedBy: string;
            trigger: "manual" | "schedule";
            /** @description Label selector; {} = the whole fleet. */
            scope: {
                [key: string]: string;
            };
            summary: components["schemas"]["AuditSummaryDto"];
            /** @description Every hit, silenced ones included. */
            hits: {
                /** Format: uuid */
                hostId: string;
                hostname: string;
                labels: {
                    [key: string]: string;
                };
                ruleId: string;
                /** @enum {string} */
                severity: "critical" | "warning" | "info";
                subject: string;
                /** Format: date-time */
                firstSeenAt: string;
                silenced: boolean;
                summary: string;
                /** @description The evidence as "label: value unit; …". */
                evidenceSummary: string;
                remediationKey: string | null;
                remediationText: string | null;
                remediationEffect: ("fixes" | "mitigates" | "diagnoses") | null;
            }[];
            /** @description Every host each remediation applies to, by key (the summary lists the first 20 per remediation). */
            remediationHosts: {
                key: string;
                title: string;
                /** @description Rendered with the host's own values. */
                text: string;
                effect: ("fixes" | "mitigates" | "diagnoses") | null;
                /** Format: uuid */
                hostId: string;
                hostname: string;
                ruleId: string;
                subject: string;
            }[];
        };
        CreateAuditDto: {
            /** @description Only hosts carrying all these labels (a label selector, e.g. {"team":"edge"}); absent or {}: the whole fleet. */
            scope?: {
                [key: string]: string;
            };
        };
        StartedAuditDto: {
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            id: string;
        };
        AuditProgressDto: {
            /** @description The section being computed, `queued` before the run and `done` after it. */
            step: string;
            /** @description Sections computed so far. */
            done: number;
            total: number;
        };
        AuditTotalsDto: {
            critical: number;
            warning: number;
            info: number;
            silenced: number;
            /** @description Hosts with an unsilenced hit. */
            hosts: number;
        };
        AuditItemDto: {
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            /** @enum {string} */
            trigger: "manual" | "schedule";
            /** @description The label selector it was limited to; {} = the whole fleet. */
            scope: {
                [key: string]: string;
            };
            id: string;
            scheduleId: string | null;
            /** @description A token's name, or `schedule:<name>`. */
            requestedBy: string;
            createdAt: string;
            startedAt: string | null;
            finishedAt: string | null;
            progress: components["schemas"]["AuditProgressDto"];
            error: string | null;
            /** @description The summary's totals once it is done. */
            totals: components["schemas"]["AuditTotalsDto"] | null;
        };
        AuditPageDto: {
            items: components["schemas"]["AuditItemDto"][];
            nextCursor: string | null;
            total: number;
        };
        AuditDetailDto: {
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            /** @enum {string} */
            trigger: "manual" | "schedule";
            /** @description The label selector it was limited to; {} = the whole fleet. */
            scope: {
                [key: string]: string;
            };
            id: string;
            scheduleId: string | null;
            /** @description A token's name, or `schedule:<name>`. */
            requestedBy: string;
            createdAt: string;
            startedAt: string | null;
            finishedAt: string | null;
            progress: components["schemas"]["AuditProgressDto"];
            error: string | null;
            /** @description The summary's totals once it is done. */
            totals: components["schemas"]["AuditTotalsDto"] | null;
            /** @description What the audit found, stored whole when it ran; null until it is done. */
            summary: components["schemas"]["AuditSummaryDto"] | null;
        };
        WebhookDestinationRefDto: {
            id: string;
            name: string;
        };
        WebhookAlertHostDto: {
            id: string;
            hostname: string;
        };
        WebhookAlertDto: {
            /** @enum {string} */
            status: "firing" | "resolved";
            ruleId: string;
            host: components["schemas"]["WebhookAlertHostDto"];
            /** @description The process or device the finding is about ('' for the whole host). */
            subject: string;
            /** @description The severity that fired; a resolution carries the severity it ends. `host-stale` alerts are warnings. */
            severity: string;
            summary: string;
            /** @description The host's page: `<MEMFLEET_PUBLIC_URL>/hosts/<id>`. */
            url: string;
            startsAt: string | null;
            /** @description Set when resolved. */
            endsAt: string | null;
        };
        WebhookAlertPayloadDto: {
            /** @enum {number} */
            version: 1;
            /** @enum {string} */
            kind: "alert" | "audit" | "test";
            /** @description Audit deliveries: the audit. */
            auditId?: string;
            /** @description The same for every attempt of one delivery: a receiver can drop repeats. */
            deliveryId: string;
            destination: components["schemas"]["WebhookDestinationRefDto"];
            sentAt: string;
            title: string;
            text: string;
            url: string | null;
            /** @description Empty for test and audit deliveries. */
            alerts: components["schemas"]["WebhookAlertDto"][];
        };
        CreateDestinationDto: {
            /** @enum {string} */
            type: "webhook" | "slack" | "alertmanager" | "email";
            /** @description Unique, e.g. "ops-webhook". */
            name: string;
            /** @description http(s) URL (webhook, slack, alertmanager: its base URL, `/api/v2/alerts` is appended); not for email. */
            url?: string;
            /** @description Recipients of an email destination. */
            to?: string[];
            /** @description Webhook only: the HMAC-SHA256 key of X-Memfleet-Signature, at least 16 characters; omitted: generated and shown once. */
            secret?: string;
        };
        CreatedDestinationDto: {
            /** @enum {string} */
            type: "webhook" | "slack" | "alertmanager" | "email";
            to: string[] | null;
            /** @description The generated signing secret, shown only in this answer (absent when the admin gave one). */
            secret?: string;
            id: string;
            name: string;
            url: string | null;
            /** @description Whether webhook bodies are signed; the secret itself is never shown again. */
            hasSecret: boolean;
            createdAt: string;
            updatedAt: string;
        };
        DestinationDto: {
            /** @enum {string} */
            type: "webhook" | "slack" | "alertmanager" | "email";
            to: string[] | null;
            id: string;
            name: string;
            url: string | null;
            /** @description Whether webhook bodies are signed; the secret itself is never shown again. */
            hasSecret: boolean;
            createdAt: string;
            updatedAt: string;
        };
        UpdateDestinationDto: {
            name?: string;
            url?: string;
            to?: string[];
            /** @description Webhook only: a new signing secret (at least 16 characters). */
            secret?: string;
        };
        DeliveryDto: {
            /** @enum {string} */
            kind: "alert" | "audit" | "test";
            /**
             * @description pending (not tried yet), retrying (failed, tried again after a backoff), delivered, or dead (gave up: see lastError).
             * @enum {string}
             */
            status: "pending" | "delivered" | "retrying" | "dead";
            id: string;
            destinationId: string;
            attempts: number;
            /** @description HTTP status of the last attempt (null for e-mail or when no answer came). */
            responseStatus: number | null;
            lastError: string | null;
            createdAt: string;
            deliveredAt: string | null;
            summary: string;
        };
        DeliveryPageDto: {
            items: components["schemas"]["DeliveryDto"][];
            nextCursor: string | null;
            /** @description Deliveries matching the filter. */
            total: number;
        };
        TestDeliveryDto: {
            deliveryId: string;
        };
        CreateAuditScheduleDto: {
            /** @description Label selector: the audit covers only hosts carrying all these labels; {} or omitted: the whole fleet. */
            scope?: {
                [key: string]: string;
            };
            /** @description Exports made of each audit and sent to the destinations (default all: html, pdf, csv, json). */
            formats?: ("json" | "csv" | "html" | "pdf")[];
            /** @description Unique among schedules, e.g. "edge nightly"; its audits are requested by `schedule:<name>`. */
            name: string;
            /**
             * @description When it runs: a cron expression of 5 fields (minute hour day-of-month month day-of-week), or 6 with
             *     seconds first, read in `timeZone` — e.g. `0 6 * * 1-5` is 06:00 on weekdays.
             */
            cron: string;
            /** @description IANA time zone the expression is read in, e.g. Europe/Berlin (default UTC). */
            timeZone?: string;
            /** @description Destinations each audit is sent to (default none). */
            destinationIds?: string[];
            /** @description Whether it runs (default true); a disabled schedule is kept and starts nothing. */
            enabled?: boolean;
        };
        AuditScheduleDto: {
            scope: {
                [key: string]: string;
            };
            formats: ("json" | "csv" | "html" | "pdf")[];
            /**
             * Format: date-time
             * @description The next tick; null while disabled.
             */
            nextRunAt: string | null;
            id: string;
            name: string;
            cron: string;
            /** @description IANA time zone the expression is read in. */
            timeZone: string;
            destinationIds: string[];
            enabled: boolean;
            createdAt: string;
            updatedAt: string;
            /** @description Who created it: a token's name, or MEMFLEET_AUDIT_CRON for the default schedule. */
            createdBy: string;
        };
        AuditSchedulePageDto: {
            items: components["schemas"]["AuditScheduleDto"][];
            nextCursor: string | null;
            total: number;
        };
        UpdateAuditScheduleDto: {
            /** @description Label selector replacing the current one ({}: the whole fleet). */
            scope?: {
                [key: string]: string;
            };
            formats?: ("json" | "csv" | "html" | "pdf")[];
            name?: string;
            /** @description A cron expression (5 fields, or 6 with seconds first), read in the schedule's time zone. */
            cron?: string;
            /** @description IANA time zone. */
            timeZone?: string;
            destinationIds?: string[];
            enabled?: boolean;
        };
        UploadedTraceDto: {
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            id: string;
            /** @description Uncompressed bytes received. */
            bytes: number;
            events: number;
        };
        TraceItemDto: {
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            id: string;
            createdAt: string;
            updatedAt: string;
            /** @description The token that uploaded it. */
            createdBy: string;
            name: string | null;
            hostId: string | null;
            /** @description The linked host's name; null when unlinked or the host was deleted. */
            hostname: string | null;
            subject: string | null;
            /** @description Uncompressed size as uploaded. */
            bytes: number;
            /** @description What it takes stored (gzip). */
            storedBytes: number;
            events: number;
            /** @description 0-1 while the analysis runs; 1 once done. */
            progress: number;
            error: string | null;
        };
        TracePageDto: {
            items: components["schemas"]["TraceItemDto"][];
            nextCursor: string | null;
            total: number;
        };
        /** @description One allocator design replayed over the trace */
        TraceModelResultDto: {
            /** @description three-tier, buddy, buddy-no-header or size-classes */
            name: string;
            /** @description One allocator per VM, or one for all VMs */
            pools: "per-vm" | "shared";
            /** @description Most bytes taken from the OS and not yet returned, over the whole replay */
            peakFootprintBytes: number;
            /** @description The event (1-based) at which the footprint first reached its peak */
            peakAtEvent: number;
            /** @description Bytes the program had asked for and not freed, at that moment */
            liveBytesAtPeak: number;
            /** @description Bytes given to blocks beyond what was asked (rounding and headers), at peak footprint */
            internalFragmentationBytes: number;
            /** @description Footprint − live − internal, at peak footprint */
            externalFragmentationBytes: number;
            /** @description Internal fragmentation as % of the peak footprint */
            internalFragmentationPercent: number;
            /** @description External fragmentation as % of the peak footprint */
            externalFragmentationPercent: number;
            /** @description Peak footprint / live bytes at that moment (0 when nothing is live) */
            footprintToLiveRatio: number;
            /** @description Wall time of this replay (not deterministic) */
            elapsedMs?: number;
        };
        /** @description The replay of one allocation trace */
        TraceAnalysisDto: {
            /** @description Events replayed */
            events: number;
            /** @description Distinct VMs */
            vms: number;
            /** @description Most live (requested, not freed) bytes */
            peakLiveBytes: number;
            /** @description The event (1-based) at which live bytes first peaked; 0 for an empty trace */
            peakAtEvent: number;
            /** @description Live bytes over the trace, downsampled to at most 500 points */
            liveBytesSeries: {
                /** @description Last event of the window */
                event: number;
                /** @description Highest live bytes in the window */
                liveBytes: number;
            }[];
            /** @description Requests by size; each power of two from 8 B has a bucket of its own */
            sizeHistogram: {
                label: string;
                /** @description Smallest size in the bucket */
                minBytes: number;
                /** @description Largest size in the bucket */
                maxBytes: number;
                /** @description Requests */
                count: number;
                /** @description Bytes requested */
                bytes: number;
            }[];
            /** @description What the trace allocated and never freed */
            leaks: {
                /** @description Allocated and never freed */
                bytes: number;
                /** @description Blocks never freed */
                blocks: number;
                /** @description The sizes holding the most leaked bytes, most first */
                bySize: {
                    /** @description Block size */
                    size: number;
                    /** @description Blocks */
                    blocks: number;
                    /** @description Bytes */
                    bytes: number;
                }[];
            };
            /** @description Trace errors, counted and skipped */
            errors: {
                /** @description Frees of an id already freed */
                doubleFree: number;
                /** @description Frees of an id never allocated in that VM */
                unknownFree: number;
                /** @description Frees or reallocs whose old size differs from the recorded one (the recorded size is used) */
                sizeMismatch: number;
                /** @description Reallocs of an id not live, with an old size other than 0 */
                unknownRealloc: number;
                /** @description Allocations of an id still live (skipped) */
                duplicateAlloc: number;
            };
            /** @description One entry per allocator run */
            models: components["schemas"]["TraceModelResultDto"][];
            /** @description What the figures mean */
            definitions: {
                footprint: string;
                internal: string;
                external: string;
            };
        };
        TraceDetailDto: {
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            id: string;
            createdAt: string;
            updatedAt: string;
            /** @description The token that uploaded it. */
            createdBy: string;
            name: string | null;
            hostId: string | null;
            /** @description The linked host's name; null when unlinked or the host was deleted. */
            hostname: string | null;
            subject: string | null;
            /** @description Uncompressed size as uploaded. */
            bytes: number;
            /** @description What it takes stored (gzip). */
            storedBytes: number;
            events: number;
            /** @description 0-1 while the analysis runs; 1 once done. */
            progress: number;
            error: string | null;
            /** @description The replay's results; null until the analysis is done. */
            analysis: components["schemas"]["TraceAnalysisDto"] | null;
        };
        RuntimeVersionDto: {
            kind: string;
            /** @description Null when the agent could not read it. */
            version: string | null;
            /** @description Active hosts whose latest report runs it. */
            hosts: number;
            /** @description Processes running it on those hosts. */
            processes: number;
            /** @description The hosts search that lists those hosts (GET /api/v1/hosts?q=...). */
            hostsQuery: string;
        };
        RuntimeInventoryPageDto: {
            items: components["schemas"]["RuntimeVersionDto"][];
            nextCursor: string | null;
            /** @description Kind and version pairs over all pages. */
            total: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    Agents_enroll: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EnrollRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnrollResponseDto"];
                };
            };
            /** @description Invalid fields */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description Wrong, expired or revoked enroll secret */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The machine is already enrolled (problem type host-already-enrolled, with its hostId) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description Over MEMFLEET_RATE_ENROLL_FAILURES_PER_MINUTE failed attempts from this address */
            429: {
                headers: {
                    /** @description Seconds until the limit allows the request again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Agents_rules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentRulesDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description Not an agent token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    AgentTokens_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentTokenDto"][];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    AgentTokens_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    AgentTokens_grant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReenrollGrantRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReenrollGrantDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    EnrollSecrets_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnrollSecretDto"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    EnrollSecrets_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateEnrollSecretDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedEnrollSecretDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    EnrollSecrets_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Activity_list: {
        parameters: {
            query?: {
                /** @description Only this action. */
                action?: "silence.created" | "silence.revoked" | "thresholds.changed" | "token.created" | "token.revoked" | "session.revoked" | "enroll-secret.created" | "enroll-secret.revoked" | "agent-token.revoked" | "re-enroll-grant.created" | "host.labels-changed" | "host.deleted" | "host.retired" | "reevaluation.started" | "report.retried" | "audit-schedule.created" | "audit-schedule.updated" | "audit-schedule.deleted" | "destination.created" | "destination.updated" | "destination.deleted" | "destination.tested" | "audit.run" | "trace.uploaded";
                /** @description Only entries about this kind of target. */
                targetType?: "silence" | "rule" | "token" | "session" | "enroll-secret" | "agent-token" | "host" | "reevaluation" | "report" | "audit-schedule" | "destination" | "audit" | "trace";
                /** @description Only entries at or after this instant (RFC 3339). */
                since?: string;
                /** @description Page size (1-500). */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Only entries by this actor (an API token's name), exactly. */
                actor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivityPageDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    FailedReports_list: {
        parameters: {
            query: {
                /** @description Only `failed` (the dead-letter view): reports whose evaluation failed for good, with their errors. */
                status: "failed";
                /** @description Page size (1-500). */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FailedReportPageDto"];
                };
            };
            /** @description status other than failed, bad limit or cursor */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description Not an admin token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Reports_create: {
        parameters: {
            query?: {
                /** @description Seconds (0-60) to wait for evaluation: 200 with findings, or 202 at the deadline. */
                wait?: number;
            };
            header?: {
                /** @description A replay with the same key answers as the first request did and stores nothing new. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description Report contract, schemaVersion 3: `configurationHash` always, `configuration` only when the server does not hold that hash for the host (the last 2xx answer's `configurationHash` says which it holds). Versions 2 (the same facts, the configuration always) and 1 (each process's pid and start time in its configuration rather than its metrics) are still accepted and stored in the current shape. May be gzip- or deflate-encoded. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReportDto"];
            };
        };
        responses: {
            /** @description Stored and evaluated within ?wait=, or settled at once (it changed no rule input: no job ran), with the host findings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportAcceptedDto"];
                };
            };
            /** @description Stored and queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportAcceptedDto"];
                };
            };
            /** @description Invalid report (every failing field path; a configurationHash that does not match the configuration), unknown schemaVersion, malformed JSON or gzip */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The token belongs to another host, or is not an agent token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description configuration-required: a report without its configuration whose configurationHash this server holds no configuration under for the host. Nothing was stored and nothing bound to the Idempotency-Key: send the whole report, under the same key. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description Body over the limit after decompression */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description Over MEMFLEET_RATE_REPORTS_PER_MINUTE for this token */
            429: {
                headers: {
                    /** @description Seconds until the limit allows the request again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description overloaded: this process holds MEMFLEET_INGEST_MAX_PENDING posts in progress already (the body was not read, nothing stored); or the database is unavailable. Send the report again after Retry-After. */
            503: {
                headers: {
                    /** @description Seconds until the post may be sent again (jittered) */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Reports_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportDetailDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    FailedReports_retry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportRetryDto"];
                };
            };
            /** @description id is not a UUID */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description Not an admin token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The report is not failed (queued, evaluated or superseded) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Health_healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Health_readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadinessDto"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadinessDto"];
                };
            };
        };
    };
    Metrics_scrape: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description No valid token, and MEMFLEET_METRICS_PUBLIC is not true */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Hosts_list: {
        parameters: {
            query?: {
                /**
                 * @description Search: space-separated terms, all of which must match. A plain word matches the hostname, machine id, labels,
                 *     IP addresses, kernel, runtime kinds and versions, and process names and exes (substring, any case);
                 *     `runtime:<kind>`, `version:<op><version>` (op `<` `<=` `>` `>=` `=`, compared per dot component as numbers),
                 *     `process:<name or exe>`, `kernel:<prefix>`, `ip:<address>` and `label:<key>=<value>` match that field only.
                 *     Runtime, version and process terms hold on one process's runtime together. A malformed term is a 400 naming it.
                 */
                q?: string;
                /** @description Only hosts where this rule hits (silenced hits excluded). */
                rule?: string;
                /** @description Only hosts with at least one hit of this severity. */
                severity?: "critical" | "warning" | "info";
                /** @description true: only hosts that missed two report intervals; false: only reporting ones. */
                stale?: true | false;
                hypervisor?: string;
                /** @description Only hosts with this THP mode (transparent_hugepage/enabled). */
                thpEnabled?: "always" | "madvise" | "never";
                /** @description Only hosts with this vm.overcommit_memory (0, 1 or 2). */
                overcommitMemory?: 0 | 1 | 2;
                /** @description Only hosts with this many online CPUs. */
                cpuOnlineCount?: number;
                /** @description Only hosts of this architecture (e.g. x86_64). */
                architecture?: string;
                /** @description Only hosts running at least one process on this allocator. */
                allocator?: "glibc" | "jemalloc" | "tcmalloc-gperftools" | "tcmalloc-google" | "mimalloc" | "static/unknown" | "unknown";
                /** @description Include retired hosts (hidden by default). */
                retired?: true | false;
                /** @description `-` first for descending; `lastSeen` and `onlineCpus` are accepted for `lastSeenAt` and `cpuOnlineCount`. */
                sort?: "hostname" | "-hostname" | "lastSeenAt" | "-lastSeenAt" | "memTotalBytes" | "-memTotalBytes" | "cpuOnlineCount" | "-cpuOnlineCount" | "critical" | "-critical" | "warning" | "-warning";
                /** @description Page size (1-500). */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Repeatable `key=value` label filter; every one must match. */
                label?: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HostPageDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Hosts_export: {
        parameters: {
            query: {
                /** @description Repeatable `key=value` label filter; every one must match. */
                label?: string[];
                /**
                 * @description Search: space-separated terms, all of which must match. A plain word matches the hostname, machine id, labels,
                 *     IP addresses, kernel, runtime kinds and versions, and process names and exes (substring, any case);
                 *     `runtime:<kind>`, `version:<op><version>` (op `<` `<=` `>` `>=` `=`, compared per dot component as numbers),
                 *     `process:<name or exe>`, `kernel:<prefix>`, `ip:<address>` and `label:<key>=<value>` match that field only.
                 *     Runtime, version and process terms hold on one process's runtime together. A malformed term is a 400 naming it.
                 */
                q?: string;
                /** @description Only hosts where this rule hits (silenced hits excluded). */
                rule?: string;
                /** @description Only hosts with at least one hit of this severity. */
                severity?: "critical" | "warning" | "info";
                /** @description true: only hosts that missed two report intervals; false: only reporting ones. */
                stale?: true | false;
                hypervisor?: string;
                /** @description Only hosts with this THP mode (transparent_hugepage/enabled). */
                thpEnabled?: "always" | "madvise" | "never";
                /** @description Only hosts with this vm.overcommit_memory (0, 1 or 2). */
                overcommitMemory?: 0 | 1 | 2;
                /** @description Only hosts with this many online CPUs. */
                cpuOnlineCount?: number;
                /** @description Only hosts of this architecture (e.g. x86_64). */
                architecture?: string;
                /** @description Only hosts running at least one process on this allocator. */
                allocator?: "glibc" | "jemalloc" | "tcmalloc-gperftools" | "tcmalloc-google" | "mimalloc" | "static/unknown" | "unknown";
                /** @description Include retired hosts (hidden by default). */
                retired?: true | false;
                /** @description csv: one row per host; json: an array of the list's items. */
                format: "csv" | "json";
                /** @description Absent: id order, which stays exact while hosts report during the export; a sort key that changes meanwhile can move a host past the export. */
                sort?: "hostname" | "-hostname" | "lastSeenAt" | "-lastSeenAt" | "memTotalBytes" | "-memTotalBytes" | "cpuOnlineCount" | "-cpuOnlineCount" | "critical" | "-critical" | "warning" | "-warning";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every host matching the filters, as an attachment: CSV (RFC 4180, a header row, cells that start like a formula prefixed with ') or a JSON array of the list's items. */
            200: {
                headers: {
                    /** @description attachment; filename="memfleet-<what>-<UTC time>.<format>" */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/json": components["schemas"]["HostSummaryDto"][];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Hosts_detail: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HostDetailDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Hosts_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Hosts_history: {
        parameters: {
            query?: {
                /** @description How far back from now the charts reach. */
                range?: "6h" | "24h" | "7d" | "14d";
                /** @description A process subject whose RSS series is included even when it is not among the largest. */
                process?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HostHistoryDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Hosts_facts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                reportId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportFactsDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Hosts_labels: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateLabelsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HostSummaryDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Hosts_retire: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HostSummaryDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Findings_list: {
        parameters: {
            query?: {
                /** @description Default: hit. */
                outcome?: "hit" | "pass" | "not-applicable" | "not-evaluated";
                severity?: "critical" | "warning" | "info";
                rule?: string;
                hostId?: string;
                /** @description true: only silenced; false: only unsilenced; absent: both. */
                silenced?: true | false;
                sort?: "-lastSeenAt" | "lastSeenAt" | "severity" | "-openedAt";
                /** @description Page size (1-500). */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Repeatable `key=value` label filter; every one must match. */
                label?: string[];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FindingPageDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Findings_export: {
        parameters: {
            query: {
                /** @description Repeatable `key=value` label filter; every one must match. */
                label?: string[];
                /** @description Default: hit. */
                outcome?: "hit" | "pass" | "not-applicable" | "not-evaluated";
                severity?: "critical" | "warning" | "info";
                rule?: string;
                hostId?: string;
                /** @description true: only silenced; false: only unsilenced; absent: both. */
                silenced?: true | false;
                /** @description csv: one row per finding; json: an array of the list's items. */
                format: "csv" | "json";
                /** @description Absent: id order, which stays exact while hosts report during the export; a sort key that changes meanwhile can move a finding past the export. */
                sort?: "-lastSeenAt" | "lastSeenAt" | "severity" | "-openedAt";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every finding matching the filters, as an attachment: CSV (RFC 4180, a header row, cells that start like a formula prefixed with ') or a JSON array of the list's items. */
            200: {
                headers: {
                    /** @description attachment; filename="memfleet-<what>-<UTC time>.<format>" */
                    "Content-Disposition"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                    "application/json": components["schemas"]["FindingDto"][];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Rules_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleListDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Rules_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Rules_preview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ThresholdValuesDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThresholdPreviewDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Rules_save: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ThresholdValuesDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThresholdsSavedDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Stats_summary: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SummaryDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Stats_events: {
        parameters: {
            query?: {
                /** @description Days back from today (1-365). */
                days?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FindingEventsDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Stats_distributions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DistributionsDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Tokens_whoami: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WhoAmIDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Tokens_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenDto"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Tokens_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTokenDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedTokenDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Tokens_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Oidc_options: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInOptionsDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Oidc_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the issuer; or to /?sso_error=unavailable when its discovery document cannot be read */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Single sign-on is not configured */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Oidc_callback: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To / signed in, or to /?sso_error=<code> */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Single sign-on is not configured */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Sessions_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionListItemDto"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Sessions_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSessionDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description memfleet_session=…; Path=/api; HttpOnly; SameSite=Strict[; Secure] */
                    "Set-Cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CurrentSessionDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description An agent token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Sessions_current: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CurrentSessionDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description Called with a bearer token, not a session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Sessions_signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description No X-CSRF-Token, or another session’s */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description Called with a bearer token, not a session */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Sessions_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Silences_list: {
        parameters: {
            query?: {
                /** @description active (default), expired, or all. */
                state?: "active" | "expired" | "all";
                ruleId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SilenceDto"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Silences_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSilenceDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SilenceDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Silences_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Reevaluations_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReevaluationDto"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Reevaluations_start: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StartReevaluationDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReevaluationDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Reevaluations_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReevaluationDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Audits_list: {
        parameters: {
            query?: {
                /** @description Page size (1-500). */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Only the audits this schedule ran. */
                scheduleId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPageDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Audits_start: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAuditDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StartedAuditDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Audits_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditDetailDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Audits_export: {
        parameters: {
            query: {
                /** @description json: meta, summary and every hit; csv: one row per hit (silenced ones flagged); html: printable, self-contained; pdf. */
                format: "json" | "csv" | "html" | "pdf";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The audit as an attachment (memfleet-audit-<day>-<id>.<format>). JSON: meta, the stored summary and every hit; CSV: one row per hit. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditDocumentDto"];
                    "text/csv": string;
                    "text/html": string;
                    "application/pdf": string;
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The audit is not done yet. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Destinations_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DestinationDto"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Destinations_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateDestinationDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedDestinationDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Destinations_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DestinationDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Destinations_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Destinations_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateDestinationDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DestinationDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Destinations_deliveries: {
        parameters: {
            query?: {
                status?: "pending" | "delivered" | "retrying" | "dead";
                /** @description Page size (1-500). */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPageDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Destinations_test: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestDeliveryDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    AuditSchedules_list: {
        parameters: {
            query?: {
                /** @description Page size (1-500). */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditSchedulePageDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    AuditSchedules_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAuditScheduleDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditScheduleDto"];
                };
            };
            /** @description A field is invalid (an invalid cron expression names `cron`, an unknown zone `timeZone`, an unknown destination `destinationIds[<index>]`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description Another schedule has this name. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    AuditSchedules_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditScheduleDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    AuditSchedules_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    AuditSchedules_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateAuditScheduleDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditScheduleDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Traces_list: {
        parameters: {
            query?: {
                /** @description Page size (1-500). */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Only the traces linked to this host. */
                hostId?: string;
                /** @description Only the traces linked to this process (with hostId). */
                subject?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TracePageDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Traces_upload: {
        parameters: {
            query?: {
                /** @description The host whose process recorded the trace (links the trace to that host's findings). */
                hostId?: string;
                /** @description The process on that host, as findings name it (their `subject`, e.g. `redis-server (pid 812)`). */
                subject?: string;
                /** @description A name to list it under (e.g. the file name). */
                name?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One event per line: `a <vm> <id> <size>`, `f <vm> <id> <size>`, `r <vm> <id> <oldsize> <newsize>` (see the README) */
        requestBody: {
            content: {
                "text/plain": string;
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadedTraceDto"];
                };
            };
            /** @description A malformed line (`line N: reason`), bad gzip, or a bad query field. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description More events or bytes than MEMFLEET_TRACE_MAX_EVENTS / MEMFLEET_TRACE_MAX_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Traces_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TraceDetailDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Inventory_runtimes: {
        parameters: {
            query?: {
                /** @description Page size (1-500). */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description Only this runtime kind. */
                kind?: "spin" | "wasmtime" | "envoy" | "aeron" | "redis" | "mongodb" | "elasticsearch" | "jvm" | "skynet" | "lua";
                /** @description hosts: by how many hosts run it; kind: by kind, then version (compared per dot component as numbers). `-` descending. */
                sort?: "-hosts" | "hosts" | "kind" | "-kind";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuntimeInventoryPageDto"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
            /** @description The database is away; retry after the given delay */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDto"];
                };
            };
        };
    };
    Destinations_webhookAlert: {
        parameters: {
            query?: never;
            header: {
                "X-Memfleet-Timestamp": string;
                "X-Memfleet-Signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookAlertPayloadDto"];
            };
        };
        responses: {
            /** @description Any 2xx: delivered. A 3xx fails the delivery (redirects are not followed); a 5xx, 408 or 429 is retried with backoff. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The signature or timestamp did not verify: the delivery fails without retries. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
