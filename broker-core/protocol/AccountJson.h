#pragma once

#include "JsonFieldReader.h"
#include "MonitorMessages.h"

#include <QJsonObject>

// The wire shapes of accounts and sessions, both ways: in account_list and session_list over
// WebSocket and in the HTTP admin API.
namespace ddalab::protocol::account_json {

QJsonObject accountToJson(const AccountEntry &entry);
AccountEntry readAccount(JsonFieldReader &reader);
QJsonObject sessionToJson(const SessionEntry &entry);
SessionEntry readSession(JsonFieldReader &reader);

// A password an administrator sets: kMinPassword to limits::kPassword characters.
QString readNewPassword(JsonFieldReader &reader);
constexpr qsizetype kMinPassword = 8;

} // namespace ddalab::protocol::account_json
