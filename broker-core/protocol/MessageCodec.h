#pragma once

#include "Messages.h"

#include <QByteArray>
#include <QJsonObject>

namespace ddalab::protocol {

// The JSON form of every protocol message, both ways: the broker decodes requests and encodes
// replies and events; clients (the monitor, the tests) encode requests and decode the rest.
// Decoding is strict: a missing, mistyped or oversized field is a DecodeFailure naming the
// field; unknown extra fields are ignored.
class MessageCodec
{
public:
    static DecodedFrame decodeRequest(QByteArrayView frame);
    static QByteArray encodeRequest(const Request &request,
                                    const std::optional<QString> &messageId = std::nullopt);

    static QByteArray encodeReply(const Reply &reply,
                                  const std::optional<QString> &messageId = std::nullopt);
    static QByteArray encodeEvent(const Event &event);
    static DecodedServerFrame decodeServerFrame(QByteArrayView frame);

    // Shared with the HTTP API and storage, which use the same JSON shapes.
    static QJsonObject shareMetadataToJson(const ShareMetadata &metadata);
    static QJsonObject accessPolicyToJson(const AccessPolicy &policy);
    static std::optional<AccessPolicy> accessPolicyFromJson(const QJsonObject &object,
                                                            QString *error);
    // The `info` object of share_info, also the body of GET /api/shares/TOKEN.
    static QByteArray encodeShareInfo(const ShareInfo &info);
    // Teams and backups in the shapes of team_list, state_backup and the HTTP API.
    static QJsonObject teamToJson(const Team &team);
    static QJsonObject teamMemberToJson(const TeamMember &member);
    static QJsonObject teamMembershipToJson(const TeamMembership &membership);
    // Everything about a backup but its data.
    static QJsonObject backupDescriptionToJson(const BackupRecord &backup);

private:
    static void appendShareInfo(QByteArray &out, const ShareInfo &info);
};

} // namespace ddalab::protocol
