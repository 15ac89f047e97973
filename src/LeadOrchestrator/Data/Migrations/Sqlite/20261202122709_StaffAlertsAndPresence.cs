using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StaffAlertsAndPresence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "presence",
                table: "console_events",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "user_id",
                table: "console_events",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "notification_preferences",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    handoff_email = table.Column<bool>(type: "INTEGER", nullable: false),
                    handoff_sms = table.Column<bool>(type: "INTEGER", nullable: false),
                    appointment_email = table.Column<bool>(type: "INTEGER", nullable: false),
                    appointment_sms = table.Column<bool>(type: "INTEGER", nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_preferences", x => x.user_id);
                    table.ForeignKey(
                        name: "fk_notification_preferences_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_notification_preferences_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "staff_alerts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    lead_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    conversation_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    handoff_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    appointment_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    actor_user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<string>(type: "TEXT", nullable: false),
                    due_at = table.Column<string>(type: "TEXT", nullable: true),
                    clock_started_at = table.Column<string>(type: "TEXT", nullable: true),
                    escalate_at = table.Column<string>(type: "TEXT", nullable: true),
                    escalate_owner_at = table.Column<string>(type: "TEXT", nullable: true),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    closed_at = table.Column<string>(type: "TEXT", nullable: true),
                    closed_reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_staff_alerts", x => x.id);
                    table.ForeignKey(
                        name: "fk_staff_alerts_handoffs_handoff_id",
                        column: x => x.handoff_id,
                        principalTable: "handoffs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_staff_alerts_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_staff_alerts_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "staff_notifications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    alert_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    delivery_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_staff_notifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_staff_notifications_message_deliveries_delivery_id",
                        column: x => x.delivery_id,
                        principalTable: "message_deliveries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_staff_notifications_staff_alerts_alert_id",
                        column: x => x.alert_id,
                        principalTable: "staff_alerts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_staff_notifications_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_console_events_conversation_id_at",
                table: "console_events",
                columns: new[] { "conversation_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_notification_preferences_tenant_id",
                table: "notification_preferences",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_staff_alerts_due_at",
                table: "staff_alerts",
                column: "due_at",
                filter: "due_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_staff_alerts_handoff_id",
                table: "staff_alerts",
                column: "handoff_id",
                unique: true,
                filter: "handoff_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_staff_alerts_lead_id",
                table: "staff_alerts",
                column: "lead_id");

            migrationBuilder.CreateIndex(
                name: "ix_staff_alerts_tenant_id",
                table: "staff_alerts",
                column: "tenant_id");

            migrationBuilder.CreateIndex(
                name: "ix_staff_notifications_alert_id_user_id_channel_created_at",
                table: "staff_notifications",
                columns: new[] { "alert_id", "user_id", "channel", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_staff_notifications_delivery_id",
                table: "staff_notifications",
                column: "delivery_id");

            migrationBuilder.CreateIndex(
                name: "ix_staff_notifications_status_updated_at",
                table: "staff_notifications",
                columns: new[] { "status", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_staff_notifications_user_id",
                table: "staff_notifications",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notification_preferences");

            migrationBuilder.DropTable(
                name: "staff_notifications");

            migrationBuilder.DropTable(
                name: "staff_alerts");

            migrationBuilder.DropIndex(
                name: "ix_console_events_conversation_id_at",
                table: "console_events");

            migrationBuilder.DropColumn(
                name: "presence",
                table: "console_events");

            migrationBuilder.DropColumn(
                name: "user_id",
                table: "console_events");
        }
    }
}
