using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StoredLeadStageInboxPartsAppointmentChange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "stage",
                table: "leads",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "new");  // set right by the stage sweep at start-up

            migrationBuilder.AddColumn<string>(
                name: "change",
                table: "console_events",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_leads_tenant_id_stage_created_at",
                table: "leads",
                columns: new[] { "tenant_id", "stage", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_chat_sessions_needs_staff",
                table: "chat_sessions",
                columns: new[] { "tenant_id", "needs_staff_at" },
                filter: "needs_staff");

            migrationBuilder.CreateIndex(
                name: "ix_chat_sessions_tenant_id_awaiting_reply_since",
                table: "chat_sessions",
                columns: new[] { "tenant_id", "awaiting_reply_since" },
                filter: "awaiting_reply_since IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_leads_tenant_id_stage_created_at",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_chat_sessions_needs_staff",
                table: "chat_sessions");

            migrationBuilder.DropIndex(
                name: "ix_chat_sessions_tenant_id_awaiting_reply_since",
                table: "chat_sessions");

            migrationBuilder.DropColumn(
                name: "stage",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "change",
                table: "console_events");
        }
    }
}
