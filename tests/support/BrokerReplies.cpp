#include "support/BrokerReplies.h"

#include "protocol/ErrorCode.h"

using namespace Qt::StringLiterals;
using namespace ddalab;
using namespace ddalab::protocol;

namespace {

const IncomingReply *replyOf(const ServerFrame &frame)
{
    return std::get_if<IncomingReply>(&frame.decoded());
}

template <typename T> const T *replyAs(const ServerFrame &frame)
{
    const IncomingReply *reply = replyOf(frame);
    return reply ? std::get_if<T>(&reply->reply) : nullptr;
}

QString instead(const char *expected, const ServerFrame &frame)
{
    if (const auto *failure = std::get_if<DecodeFailure>(&frame.decoded());
        failure && !frame.isEmpty())
        return u"<not %1: undecodable (%2): %3>"_s.arg(QLatin1StringView(expected),
                                                       failure->message, frame.describe());
    return u"<not %1: %2>"_s.arg(QLatin1StringView(expected), frame.describe());
}

} // namespace

bool isAck(const ServerFrame &frame)
{
    return replyAs<Ack>(frame) != nullptr;
}

QString ackOrReply(const ServerFrame &frame)
{
    return isAck(frame) ? u"ack"_s : frame.describe();
}

QString errorCode(const ServerFrame &frame)
{
    if (const Error *error = replyAs<Error>(frame))
        return errorCodeName(error->code);
    return instead("an error", frame);
}

QString errorMessage(const ServerFrame &frame)
{
    if (const Error *error = replyAs<Error>(frame))
        return error->message;
    return instead("an error", frame);
}

QString frameType(const ServerFrame &frame)
{
    if (const IncomingReply *reply = replyOf(frame))
        return replyTypeName(reply->reply);
    if (const Event *event = std::get_if<Event>(&frame.decoded()))
        return eventTypeName(*event);
    return instead("a reply or an event", frame);
}

QString messageId(const ServerFrame &frame)
{
    const IncomingReply *reply = replyOf(frame);
    return reply && reply->messageId ? *reply->messageId : QString();
}

bool hasMessageId(const ServerFrame &frame)
{
    const IncomingReply *reply = replyOf(frame);
    return reply && reply->messageId.has_value();
}

std::optional<ShareInfo> shareInfo(const ServerFrame &frame)
{
    if (const ShareInfo *info = replyAs<ShareInfo>(frame))
        return *info;
    return std::nullopt;
}

std::optional<TeamList> teamList(const ServerFrame &frame)
{
    if (const TeamList *list = replyAs<TeamList>(frame))
        return *list;
    return std::nullopt;
}

std::optional<ShareList> shareList(const ServerFrame &frame)
{
    if (const ShareList *list = replyAs<ShareList>(frame))
        return *list;
    return std::nullopt;
}

std::optional<BackupRecord> stateBackup(const ServerFrame &frame)
{
    if (const StateBackup *backup = replyAs<StateBackup>(frame))
        return backup->backup;
    return std::nullopt;
}

QJsonObject shareInfoMetadataJson(const ServerFrame &frame)
{
    if (!replyAs<ShareInfo>(frame))
        return {};
    return frame.json().value("info"_L1).toObject().value("metadata"_L1).toObject();
}
