npm start                                                  # the mock, and this site beside it
export $(node packages/mock/dist/cli.js token --tenant acme)   # ACCESS_TOKEN and API_TOKEN the mock accepts

curl -H "Authorization: Bearer $ACCESS_TOKEN" -H "api_token: $API_TOKEN" \
  "http://127.0.0.1:4010/audit-query-service/v2/export?tenantId=acme&startTime=2026-11-01T00:00:00Z&endTime=2026-11-02T00:00:00Z"
