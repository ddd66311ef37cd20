#include "MessageCodec.h"

#include "FieldLimits.h"
#include "JsonFieldReader.h"
#include "JsonText.h"
#include "MonitorJson.h"
#include "ReplyJson.h"
#include "RequestJson.h"
#include "ShareJson.h"

#include <QJsonDocument>

#include <array>

namespace ddalab::protocol {
namespace {

using namespace Qt::StringLiterals;

template <typename Variant, size_t... I> constexpr auto typeNames(std::index_sequence<I...>)
{
    return std::array<const char *, sizeof...(I)>{std::variant_alternative_t<I, Variant>::kType...};
}

template <typename Variant>
constexpr auto
    kTypeNames = typeNames<Variant>(std::make_index_sequence<std::variant_size_v<Variant>>());

template <typename Variant> bool isTypeOf(QStringView type)
{
    const auto &names = kTypeNames<Variant>;
    return std::any_of(names.begin(), names.end(),
                       [&](const char *name) { return type == QLatin1StringView(name); });
}

// What the broker sends; such a frame sent to the broker is not a request.
bool isBrokerMessageType(QStringView type)
{
    return isTypeOf<Reply>(type) || isTypeOf<Event>(type);
}

// Parses a frame into its object, or says why it is not one.
std::optional<QJsonObject> parseObject(QByteArrayView frame, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(frame.data(), frame.size()), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = u"frame is not valid JSON: %1 at offset %2"_s.arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = u"frame is not a JSON object"_s;
        return std::nullopt;
    }
    return document.object();
}

QByteArray withTypeAndId(QJsonObject object, const char *type,
                         const std::optional<QString> &messageId)
{
    object.insert("type"_L1, QLatin1StringView(type));
    if (messageId)
        object.insert("message_id"_L1, *messageId);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

DecodedFrame MessageCodec::decodeRequest(QByteArrayView frame)
{
    QString error;
    const std::optional<QJsonObject> object = parseObject(frame, &error);
    if (!object)
        return DecodeFailure{error, std::nullopt};
    JsonFieldReader reader(*object);
    const std::optional<QString> messageId =
        reader.nullableString("message_id"_L1, limits::kMessageId);
    if (!reader.ok())
        return DecodeFailure{reader.error(), std::nullopt};
    const QString type = reader.requiredString("type"_L1, 64);
    if (!reader.ok())
        return DecodeFailure{reader.error(), messageId};
    if (isBrokerMessageType(type))
        return IgnoredMessage{type};

    std::optional<Request> request = request_json::readRequest(type, reader);
    if (!request)
        return DecodeFailure{u"unknown message type '%1'"_s.arg(type), messageId};
    if (!reader.ok())
        return DecodeFailure{u"%1: %2"_s.arg(type, reader.error()), messageId};
    return IncomingRequest{messageId, std::move(*request)};
}

QByteArray MessageCodec::encodeRequest(const Request &request,
                                       const std::optional<QString> &messageId)
{
    return withTypeAndId(request_json::requestToJson(request), typeOf(request), messageId);
}

QByteArray MessageCodec::encodeReply(const Reply &reply, const std::optional<QString> &messageId)
{
    // The commonest reply of all (every heartbeat of every desktop) is serialised once.
    if (!messageId && std::holds_alternative<Ack>(reply)) {
        static const QByteArray plainAck = R"({"message_id":null,"type":"ack"})";
        return plainAck;
    }
    // The frequent replies are written straight as text, members in QJsonDocument's order.
    QByteArray out;
    if (std::holds_alternative<Ack>(reply)) {
        // The shipped client reads ack.message_id as string-or-null: acks always carry it.
        JsonTextObject object(out);
        object.field("message_id", messageId);
        object.field("type", QStringView(u"ack"));
    } else if (const auto *error = std::get_if<Error>(&reply)) {
        out.reserve(128);
        JsonTextObject object(out);
        object.field("code", errorCodeName(error->code));
        object.field("message", error->message);
        if (messageId)
            object.field("message_id", *messageId);
        object.field("type", QStringView(u"error"));
    } else if (const auto *info = std::get_if<ShareInfo>(&reply)) {
        out.reserve(512);
        JsonTextObject object(out);
        share_json::appendShareInfo(object.key("info"), *info);
        if (messageId)
            object.field("message_id", *messageId);
        object.field("token", info->token);
        object.field("type", QStringView(u"share_info"));
    } else {
        return withTypeAndId(reply_json::replyToJson(reply), typeOf(reply), messageId);
    }
    return out;
}

QByteArray MessageCodec::encodeEvent(const Event &event)
{
    return withTypeAndId(monitor_json::eventToJson(event), typeOf(event), std::nullopt);
}

DecodedServerFrame MessageCodec::decodeServerFrame(QByteArrayView frame)
{
    QString error;
    const std::optional<QJsonObject> object = parseObject(frame, &error);
    if (!object)
        return DecodeFailure{error, std::nullopt};
    JsonFieldReader reader(*object);
    const std::optional<QString> messageId =
        reader.nullableString("message_id"_L1, limits::kMessageId);
    const QString type = reader.requiredString("type"_L1, 64);
    if (!reader.ok())
        return DecodeFailure{reader.error(), messageId};
    if (std::optional<Reply> reply = reply_json::readReply(type, reader)) {
        if (!reader.ok())
            return DecodeFailure{u"%1: %2"_s.arg(type, reader.error()), messageId};
        return IncomingReply{messageId, std::move(*reply)};
    }
    if (std::optional<Event> event = monitor_json::readEvent(type, reader)) {
        if (!reader.ok())
            return DecodeFailure{u"%1: %2"_s.arg(type, reader.error()), messageId};
        return std::move(*event);
    }
    return DecodeFailure{u"unknown message type '%1'"_s.arg(type), messageId};
}

QString requestTypeName(const Request &request)
{
    return QString::fromLatin1(typeOf(request));
}

QString replyTypeName(const Reply &reply)
{
    return QString::fromLatin1(typeOf(reply));
}

QString eventTypeName(const Event &event)
{
    return QString::fromLatin1(typeOf(event));
}

bool isAdminRequest(const Request &request)
{
    // The admin connections' requests come last in Request.
    return request.index() >= variantIndexOf<Request, MonitorSubscribe>();
}

} // namespace ddalab::protocol
