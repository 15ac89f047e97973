using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "app_secrets",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_app_secrets", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "job_executions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    job = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    instance = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    started_at = table.Column<string>(type: "TEXT", nullable: false),
                    finished_at = table.Column<string>(type: "TEXT", nullable: true),
                    items = table.Column<int>(type: "INTEGER", nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_executions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "provider_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    provider = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    event_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    received_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_provider_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tenants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    slug = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    created_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cadences",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    is_default = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cadences", x => x.id);
                    table.ForeignKey(
                        name: "fk_cadences_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "contact_consents",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    detail = table.Column<string>(type: "TEXT", maxLength: 1600, nullable: true),
                    lead_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_consents", x => x.id);
                    table.ForeignKey(
                        name: "fk_contact_consents_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "crm_sync_state",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    orders_cursor = table.Column<string>(type: "TEXT", nullable: true),
                    next_poll_at = table.Column<string>(type: "TEXT", nullable: false),
                    last_poll_started_at = table.Column<string>(type: "TEXT", nullable: true),
                    last_poll_succeeded_at = table.Column<string>(type: "TEXT", nullable: true),
                    last_poll_error = table.Column<string>(type: "TEXT", nullable: true),
                    catalog_synced_at = table.Column<string>(type: "TEXT", nullable: true),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    lease_until = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_crm_sync_state", x => x.tenant_id);
                    table.ForeignKey(
                        name: "fk_crm_sync_state_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "inbound_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    dedupe_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    entity_table = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    operation = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    entity_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    entity_updated_at = table.Column<string>(type: "TEXT", nullable: true),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    delivery_attempt = table.Column<int>(type: "INTEGER", nullable: true),
                    received_at = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<string>(type: "TEXT", nullable: false),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    lease_until = table.Column<string>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    last_error = table.Column<string>(type: "TEXT", nullable: true),
                    processed_at = table.Column<string>(type: "TEXT", nullable: true),
                    lead_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbound_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_inbound_events_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "locations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    address1 = table.Column<string>(type: "TEXT", nullable: false),
                    address2 = table.Column<string>(type: "TEXT", nullable: true),
                    city = table.Column<string>(type: "TEXT", nullable: false),
                    state = table.Column<string>(type: "TEXT", nullable: false),
                    postal_code = table.Column<string>(type: "TEXT", nullable: false),
                    country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    phone = table.Column<string>(type: "TEXT", nullable: false),
                    email = table.Column<string>(type: "TEXT", nullable: true),
                    website = table.Column<string>(type: "TEXT", nullable: true),
                    sms_number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    sms_window_start = table.Column<TimeOnly>(type: "TEXT", nullable: false, defaultValue: new TimeOnly(9, 0, 0)),
                    sms_window_end = table.Column<TimeOnly>(type: "TEXT", nullable: false, defaultValue: new TimeOnly(20, 0, 0)),
                    email_window_start = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    email_window_end = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    shopmonkey_location_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    created_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_locations", x => x.id);
                    table.ForeignKey(
                        name: "fk_locations_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "message_deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    lead_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    touch_point_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    channel = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    provider = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    recipient = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    sender = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    body = table.Column<string>(type: "TEXT", nullable: false),
                    body_html = table.Column<string>(type: "TEXT", nullable: true),
                    encoding = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    segments = table.Column<int>(type: "INTEGER", nullable: true),
                    provider_message_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status_history = table.Column<string>(type: "TEXT", nullable: false),
                    error_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    error_message = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_message_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_message_deliveries_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tenant_crm_configs",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    provider = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    api_base_url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    uses_sandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    api_key = table.Column<string>(type: "TEXT", nullable: true),
                    webhook_secret = table.Column<string>(type: "TEXT", nullable: true),
                    polling_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    poll_interval_seconds = table.Column<int>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_crm_configs", x => x.tenant_id);
                    table.ForeignKey(
                        name: "fk_tenant_crm_configs_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tenant_messaging_configs",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sms_provider = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    email_provider = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    twilio_messaging_service_sid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    email_from_address = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    email_from_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    demo_mode = table.Column<bool>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_messaging_configs", x => x.tenant_id);
                    table.ForeignKey(
                        name: "fk_tenant_messaging_configs_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                    table.ForeignKey(
                        name: "fk_users_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cadence_steps",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    cadence_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    step_number = table.Column<int>(type: "INTEGER", nullable: false),
                    offset_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    body = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cadence_steps", x => x.id);
                    table.CheckConstraint("ck_cadence_steps_offset", "offset_minutes >= 0");
                    table.ForeignKey(
                        name: "fk_cadence_steps_cadences_cadence_id",
                        column: x => x.cadence_id,
                        principalTable: "cadences",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "leads",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    shopmonkey_order_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    shopmonkey_order_number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    shopmonkey_customer_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    shopmonkey_vehicle_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    first_name = table.Column<string>(type: "TEXT", nullable: true),
                    last_name = table.Column<string>(type: "TEXT", nullable: true),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    vehicle_year = table.Column<int>(type: "INTEGER", nullable: true),
                    vehicle_make = table.Column<string>(type: "TEXT", nullable: true),
                    vehicle_model = table.Column<string>(type: "TEXT", nullable: true),
                    vehicle_submodel = table.Column<string>(type: "TEXT", nullable: true),
                    estimate_name = table.Column<string>(type: "TEXT", nullable: true),
                    estimate_total_cents = table.Column<long>(type: "INTEGER", nullable: true),
                    order_status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    order_authorized = table.Column<bool>(type: "INTEGER", nullable: false),
                    order_invoiced = table.Column<bool>(type: "INTEGER", nullable: false),
                    order_paid = table.Column<bool>(type: "INTEGER", nullable: false),
                    order_archived = table.Column<bool>(type: "INTEGER", nullable: false),
                    converted_at = table.Column<string>(type: "TEXT", nullable: true),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    cadence_status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    stop_reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    stopped_at = table.Column<string>(type: "TEXT", nullable: true),
                    paused_at = table.Column<string>(type: "TEXT", nullable: true),
                    sms_stop_reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    email_stop_reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    order_created_at = table.Column<string>(type: "TEXT", nullable: false),
                    order_updated_at = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_leads", x => x.id);
                    table.ForeignKey(
                        name: "fk_leads_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_leads_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "location_hours",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    day_of_week = table.Column<int>(type: "INTEGER", nullable: true),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    opens = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    closes = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    note = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_location_hours", x => x.id);
                    table.CheckConstraint("ck_location_hours_open_and_close", "(opens IS NULL) = (closes IS NULL) AND (opens IS NULL OR opens < closes)");
                    table.CheckConstraint("ck_location_hours_weekly_or_dated", "(day_of_week IS NULL) <> (date IS NULL)");
                    table.ForeignKey(
                        name: "fk_location_hours_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "service_catalog",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    price_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    duration_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    bookable = table.Column<bool>(type: "INTEGER", nullable: false),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    shopmonkey_canned_service_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_service_catalog", x => x.id);
                    table.CheckConstraint("ck_service_catalog_price", "price_cents >= 0 AND duration_minutes >= 0");
                    table.ForeignKey(
                        name: "fk_service_catalog_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_service_catalog_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "chat_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    lead_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    contact_phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    staff_takeover = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_chat_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_chat_sessions_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_chat_sessions_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "touch_points",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    lead_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    cadence_step_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    step_number = table.Column<int>(type: "INTEGER", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    scheduled_for = table.Column<string>(type: "TEXT", nullable: false),
                    due_at = table.Column<string>(type: "TEXT", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    cancel_reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    last_error = table.Column<string>(type: "TEXT", nullable: true),
                    sent_at = table.Column<string>(type: "TEXT", nullable: true),
                    delivery_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_touch_points", x => x.id);
                    table.ForeignKey(
                        name: "fk_touch_points_cadence_steps_cadence_step_id",
                        column: x => x.cadence_step_id,
                        principalTable: "cadence_steps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_touch_points_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "chat_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    session_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    lead_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    content = table.Column<string>(type: "TEXT", nullable: false),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    created_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_chat_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_chat_messages_chat_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "chat_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cadence_steps_cadence_id_step_number",
                table: "cadence_steps",
                columns: new[] { "cadence_id", "step_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_cadences_tenant_id_name",
                table: "cadences",
                columns: new[] { "tenant_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_chat_messages_session_id_created_at",
                table: "chat_messages",
                columns: new[] { "session_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_chat_messages_tenant_id_external_id",
                table: "chat_messages",
                columns: new[] { "tenant_id", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_chat_sessions_lead_id",
                table: "chat_sessions",
                column: "lead_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_chat_sessions_tenant_id_contact_phone",
                table: "chat_sessions",
                columns: new[] { "tenant_id", "contact_phone" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_consents_tenant_id_channel_address_id",
                table: "contact_consents",
                columns: new[] { "tenant_id", "channel", "address", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_inbound_events_due",
                table: "inbound_events",
                columns: new[] { "next_attempt_at", "id" },
                filter: "status IN ('pending', 'parked', 'processing')");

            migrationBuilder.CreateIndex(
                name: "ix_inbound_events_tenant_id_dedupe_key",
                table: "inbound_events",
                columns: new[] { "tenant_id", "dedupe_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_inbound_events_tenant_id_entity_id",
                table: "inbound_events",
                columns: new[] { "tenant_id", "entity_id" });

            migrationBuilder.CreateIndex(
                name: "ix_job_executions_job_started_at",
                table: "job_executions",
                columns: new[] { "job", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_leads_location_id",
                table: "leads",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_created_at",
                table: "leads",
                columns: new[] { "tenant_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_email",
                table: "leads",
                columns: new[] { "tenant_id", "email" });

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_phone",
                table: "leads",
                columns: new[] { "tenant_id", "phone" });

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_shopmonkey_order_id",
                table: "leads",
                columns: new[] { "tenant_id", "shopmonkey_order_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_location_hours_location_id_day_of_week_date",
                table: "location_hours",
                columns: new[] { "location_id", "day_of_week", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_locations_sms_number",
                table: "locations",
                column: "sms_number");

            migrationBuilder.CreateIndex(
                name: "ix_locations_tenant_id_shopmonkey_location_id",
                table: "locations",
                columns: new[] { "tenant_id", "shopmonkey_location_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_message_deliveries_provider_provider_message_id",
                table: "message_deliveries",
                columns: new[] { "provider", "provider_message_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_message_deliveries_tenant_id_channel_recipient",
                table: "message_deliveries",
                columns: new[] { "tenant_id", "channel", "recipient" });

            migrationBuilder.CreateIndex(
                name: "ix_message_deliveries_tenant_id_lead_id_created_at",
                table: "message_deliveries",
                columns: new[] { "tenant_id", "lead_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_provider_events_provider_event_id",
                table: "provider_events",
                columns: new[] { "provider", "event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_service_catalog_location_id",
                table: "service_catalog",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_service_catalog_tenant_id_shopmonkey_canned_service_id",
                table: "service_catalog",
                columns: new[] { "tenant_id", "shopmonkey_canned_service_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tenants_slug",
                table: "tenants",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_touch_points_cadence_step_id",
                table: "touch_points",
                column: "cadence_step_id");

            migrationBuilder.CreateIndex(
                name: "ix_touch_points_due",
                table: "touch_points",
                columns: new[] { "due_at", "id" },
                filter: "status IN ('scheduled', 'claimed', 'sending')");

            migrationBuilder.CreateIndex(
                name: "ix_touch_points_lead_id_step_number",
                table: "touch_points",
                columns: new[] { "lead_id", "step_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_email",
                table: "users",
                column: "email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_tenant_id",
                table: "users",
                column: "tenant_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "app_secrets");

            migrationBuilder.DropTable(
                name: "chat_messages");

            migrationBuilder.DropTable(
                name: "contact_consents");

            migrationBuilder.DropTable(
                name: "crm_sync_state");

            migrationBuilder.DropTable(
                name: "inbound_events");

            migrationBuilder.DropTable(
                name: "job_executions");

            migrationBuilder.DropTable(
                name: "location_hours");

            migrationBuilder.DropTable(
                name: "message_deliveries");

            migrationBuilder.DropTable(
                name: "provider_events");

            migrationBuilder.DropTable(
                name: "service_catalog");

            migrationBuilder.DropTable(
                name: "tenant_crm_configs");

            migrationBuilder.DropTable(
                name: "tenant_messaging_configs");

            migrationBuilder.DropTable(
                name: "touch_points");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "chat_sessions");

            migrationBuilder.DropTable(
                name: "cadence_steps");

            migrationBuilder.DropTable(
                name: "leads");

            migrationBuilder.DropTable(
                name: "cadences");

            migrationBuilder.DropTable(
                name: "locations");

            migrationBuilder.DropTable(
                name: "tenants");
        }
    }
}
