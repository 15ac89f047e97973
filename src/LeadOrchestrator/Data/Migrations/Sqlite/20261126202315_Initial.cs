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
                name: "ix_locations_tenant_id_shopmonkey_location_id",
                table: "locations",
                columns: new[] { "tenant_id", "shopmonkey_location_id" },
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "crm_sync_state");

            migrationBuilder.DropTable(
                name: "inbound_events");

            migrationBuilder.DropTable(
                name: "job_executions");

            migrationBuilder.DropTable(
                name: "leads");

            migrationBuilder.DropTable(
                name: "location_hours");

            migrationBuilder.DropTable(
                name: "service_catalog");

            migrationBuilder.DropTable(
                name: "tenant_crm_configs");

            migrationBuilder.DropTable(
                name: "locations");

            migrationBuilder.DropTable(
                name: "tenants");
        }
    }
}
