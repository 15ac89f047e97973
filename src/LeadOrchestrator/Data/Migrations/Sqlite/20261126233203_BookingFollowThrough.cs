using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BookingFollowThrough : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "attachments",
                table: "message_deliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "calendar_synced_at",
                table: "crm_sync_state",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "next_sync_at",
                table: "appointments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "sequence",
                table: "appointments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "sync_attempts",
                table: "appointments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "appointment_notices",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    appointment_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    lead_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    due_at = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    delivery_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointment_notices", x => x.id);
                    table.ForeignKey(
                        name: "fk_appointment_notices_appointments_appointment_id",
                        column: x => x.appointment_id,
                        principalTable: "appointments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_appointment_notices_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "shop_calendar_blocks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    shopmonkey_appointment_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    starts_at = table.Column<string>(type: "TEXT", nullable: false),
                    ends_at = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    synced_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shop_calendar_blocks", x => x.id);
                    table.ForeignKey(
                        name: "fk_shop_calendar_blocks_locations_location_id",
                        column: x => x.location_id,
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_shop_calendar_blocks_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_status_ends_at",
                table: "appointments",
                columns: new[] { "status", "ends_at" });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_sync_state_next_sync_at",
                table: "appointments",
                columns: new[] { "sync_state", "next_sync_at" });

            migrationBuilder.CreateIndex(
                name: "ix_appointment_notices_appointment_id_kind_channel_sequence",
                table: "appointment_notices",
                columns: new[] { "appointment_id", "kind", "channel", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_appointment_notices_status_due_at",
                table: "appointment_notices",
                columns: new[] { "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_appointment_notices_tenant_id",
                table: "appointment_notices",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_shop_calendar_blocks_location_id_starts_at",
                table: "shop_calendar_blocks",
                columns: new[] { "location_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_shop_calendar_blocks_tenant_id",
                table: "shop_calendar_blocks",
                column: "tenant_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "appointment_notices");

            migrationBuilder.DropTable(
                name: "shop_calendar_blocks");

            migrationBuilder.DropIndex(
                name: "ix_appointments_status_ends_at",
                table: "appointments");

            migrationBuilder.DropIndex(
                name: "ix_appointments_sync_state_next_sync_at",
                table: "appointments");

            migrationBuilder.DropColumn(
                name: "attachments",
                table: "message_deliveries");

            migrationBuilder.DropColumn(
                name: "calendar_synced_at",
                table: "crm_sync_state");

            migrationBuilder.DropColumn(
                name: "next_sync_at",
                table: "appointments");

            migrationBuilder.DropColumn(
                name: "sequence",
                table: "appointments");

            migrationBuilder.DropColumn(
                name: "sync_attempts",
                table: "appointments");
        }
    }
}
