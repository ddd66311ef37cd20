#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

// The requests a desktop sends, written out as JSON field by field the way the shipped desktop
// client writes them, rather than through the broker's own MessageCodec: the suites check the
// wire contract from the outside, so they must not share the daemon's idea of it.
namespace wire {

using namespace Qt::StringLiterals;

// A share token as the desktop client makes them: 16 random bytes, unpadded base64url (22
// characters).
QString newToken();
// The message with a message_id, which its reply echoes.
QJsonObject withId(QJsonObject message, const QString &messageId);
// A frame's text as it goes on the wire (QJsonDocument's compact form, keys sorted).
QByteArray compact(const QJsonObject &message);

QJsonObject registerUser(const QString &userId, const QString &endpoint);
// The later desktops' registration: with the session_token POST /auth/login gave them.
QJsonObject registerUser(const QString &userId, const QString &endpoint,
                         const QString &sessionToken);
QJsonObject heartbeat(const QString &userId);
QJsonObject disconnect(const QString &userId);
QJsonObject authenticate(const QByteArray &accessToken);

QJsonObject publicPolicy();
QJsonObject teamPolicy(const QString &teamId);
QJsonObject usersPolicy(const QStringList &userIds);
// Metadata as the desktop client publishes it; created_at with nanoseconds, as it sends it.
QJsonObject metadata(const QString &owner, const QString &resultId, const QString &title,
                     const QJsonObject &policy = publicPolicy(),
                     const QJsonValue &description = u"EEG analysis from experiment X"_s,
                     const QString &createdAt = u"2025-10-03T12:00:00.123456789Z"_s);
// What the broker sends back of published metadata after downloadCount granted requests, without
// last_accessed_at and expires_at (the broker's clock: see withoutBrokerTimes): the content's id
// under both names,
// content type and classification (their defaults when not published), the count, and created_at
// in the broker's form; any count the desktop sent is replaced.
QJsonObject echoedMetadata(QJsonObject published, const QString &createdAt, quint64 downloadCount);
// Sent metadata without last_accessed_at and expires_at, each of which must be an RFC 3339 time in
// the client's form when there is one; with the field naming the problem when it is not (so a
// comparison fails on it). A share that never expires fails too: tests of those look themselves.
QJsonObject withoutBrokerTimes(QJsonObject sent);
QJsonObject publishShare(const QString &token, const QJsonObject &metadata);
QJsonObject requestShare(const QString &token, const QString &requesterId);
QJsonObject revokeShare(const QString &token);

QJsonObject listTeams();
QJsonObject listShares();

// The state_hash the desktop computes: lower-case hex SHA-256.
QString stateHash(const QByteArray &data);
// A backup of data with its hash (or with `hash` when given, right or wrong); data as base64.
QJsonObject backupState(const QString &userId, const QByteArray &data,
                        const QString &hash = QString());
QJsonObject restoreState(const QString &userId);

} // namespace wire
