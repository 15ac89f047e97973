using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InDoubtReconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "resend_of",
                table: "message_deliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "reply_delivery_id",
                table: "chat_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reply_updated_at",
                table: "chat_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_message_deliveries_resend_of",
                table: "message_deliveries",
                column: "resend_of",
                filter: "resend_of IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_chat_messages_reply_sending",
                table: "chat_messages",
                column: "reply_updated_at",
                filter: "reply_state = 'sending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_message_deliveries_resend_of",
                table: "message_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_chat_messages_reply_sending",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "resend_of",
                table: "message_deliveries");

            migrationBuilder.DropColumn(
                name: "reply_delivery_id",
                table: "chat_messages");

            migrationBuilder.DropColumn(
                name: "reply_updated_at",
                table: "chat_messages");
        }
    }
}
