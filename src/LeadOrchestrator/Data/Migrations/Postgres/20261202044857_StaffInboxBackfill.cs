using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StaffInboxBackfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Conversations that already exist: their newest message's time and the lead's shop. A migration
            // of its own: SQLite rebuilds tables in StaffInbox, and data should move once they are rebuilt.
            migrationBuilder.Sql("UPDATE chat_sessions SET last_message_at = (SELECT MAX(m.created_at) FROM chat_messages m WHERE m.session_id = chat_sessions.id)");
            migrationBuilder.Sql("UPDATE chat_sessions SET location_id = (SELECT l.location_id FROM leads l WHERE l.id = chat_sessions.lead_id) WHERE lead_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
