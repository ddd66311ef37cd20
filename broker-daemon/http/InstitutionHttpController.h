#pragma once

#include <QHttpServerRequest>
#include <QObject>

class QTcpSocket;

namespace ddalab {

class InstitutionService;
class JsonApi;

// The institution's settings: GET /api/institution/config for any authenticated caller (a
// user's JWT or login session, or an admin credential), PUT for administrators. A PUT changes
// the fields it carries (the others stay), all checked before any is taken, and answers with the
// settings then stored; a bad field is a 400 naming it, and changes nothing.
class InstitutionHttpController : public QObject
{
    Q_OBJECT
public:
    InstitutionHttpController(const JsonApi &api, InstitutionService &institution,
                              QObject *parent = nullptr);

private:
    void get(const QHttpServerRequest &request, QTcpSocket *socket);
    void put(const QHttpServerRequest &request, QTcpSocket *socket);

    const JsonApi &m_api;
    InstitutionService &m_institution;
};

} // namespace ddalab
