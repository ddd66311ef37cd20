#pragma once

#include "protocol/Messages.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// One text frame the broker sent, as it arrived. Tests read it through the broker's own
// MessageCodec (decoded(), and the helpers of BrokerReplies.h); json() is for the few
// assertions about the wire shape itself (exact keys, a null message_id, the text of a
// timestamp), which decoding would hide.
class ServerFrame
{
public:
    // No frame: what a wait that timed out returns.
    ServerFrame();
    explicit ServerFrame(QByteArray text);

    bool isEmpty() const { return m_text.isNull(); }
    const QByteArray &text() const { return m_text; }
    // The frame as a JSON object, parsed afresh (empty when it is none).
    QJsonObject json() const;
    const ddalab::protocol::DecodedServerFrame &decoded() const { return m_decoded; }
    // The frame's text, or "<no frame>": for failure messages.
    QString describe() const;

private:
    QByteArray m_text;
    ddalab::protocol::DecodedServerFrame m_decoded;
};
