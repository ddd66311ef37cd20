#pragma once

#include "support/ServerFrame.h"

#include <optional>

// What the broker answered, read through its own MessageCodec (ServerFrame::decoded()) rather
// than field by field: a frame the codec cannot decode is a failed test, not a missing field.
// The QString helpers return a readable description of what came instead, so that a failed
// QCOMPARE shows it.

bool isAck(const ServerFrame &frame);
// "ack", or the whole frame.
QString ackOrReply(const ServerFrame &frame);
// The error's code as spelled on the wire (e.g. "SHARE_NOT_FOUND"), or what came instead.
QString errorCode(const ServerFrame &frame);
// The error's message, or what came instead.
QString errorMessage(const ServerFrame &frame);
// The wire type of the reply or event (e.g. "share_info"), or what came instead.
QString frameType(const ServerFrame &frame);
// The message_id a reply echoes; null when it carries none.
QString messageId(const ServerFrame &frame);
bool hasMessageId(const ServerFrame &frame);

// The typed reply, or nullopt when the frame is another one.
std::optional<ddalab::protocol::ShareInfo> shareInfo(const ServerFrame &frame);
std::optional<ddalab::protocol::TeamList> teamList(const ServerFrame &frame);
std::optional<ddalab::protocol::ShareList> shareList(const ServerFrame &frame);
std::optional<ddalab::BackupRecord> stateBackup(const ServerFrame &frame);

// The wire form itself, for the assertions about it (byte-for-byte echoes, the text of
// timestamps, null fields): the metadata object of a share_info frame as the broker wrote it,
// empty when the frame is not a share_info the codec accepts.
QJsonObject shareInfoMetadataJson(const ServerFrame &frame);
