#include "support/ServerFrame.h"

#include "protocol/MessageCodec.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

ServerFrame::ServerFrame() : m_decoded(ddalab::protocol::DecodeFailure{u"no frame"_s, {}}) {}

ServerFrame::ServerFrame(QByteArray text)
    : m_text(std::move(text)), m_decoded(ddalab::protocol::MessageCodec::decodeServerFrame(m_text))
{
    // An empty text frame is still a frame.
    if (m_text.isNull())
        m_text = QByteArray("");
}

QJsonObject ServerFrame::json() const
{
    return QJsonDocument::fromJson(m_text).object();
}

QString ServerFrame::describe() const
{
    return isEmpty() ? u"<no frame>"_s : QString::fromUtf8(m_text);
}
