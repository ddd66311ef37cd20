#pragma once

#include "Messages.h"

#include <QByteArray>

namespace ddalab::protocol {

// The WebSocket frames of the protocol, both ways: the broker decodes requests and encodes
// replies and events; clients (the monitor, the tests) encode requests and decode every frame
// the broker sends. Decoding is strict: a missing, mistyped or oversized field is a
// DecodeFailure naming the field; unknown extra fields are ignored.
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
};

} // namespace ddalab::protocol
